"""Routes of IDX-3: self-assessment."""

urlpatterns: list = []
