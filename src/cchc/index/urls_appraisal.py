"""Routes of IDX-4, IDX-5: appraisal and explanations."""

urlpatterns: list = []
