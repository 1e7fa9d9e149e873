"""Routes of IDX-6, IDX-7: survey import, results, publication."""

urlpatterns: list = []
