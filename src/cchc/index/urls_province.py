"""Routes of IDX-8, EVL-1: the province's own self-assessment and the head-of-agency evaluation."""

urlpatterns: list = []
