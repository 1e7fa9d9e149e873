from django.contrib import admin
from django.urls import include, path

from cchc.api.urls import urlpatterns as api_urlpatterns

urlpatterns = [
    path("", include("cchc.web.urls")),
    path("", include("cchc.agencies.urls")),
    path("", include("cchc.regulation.urls")),
    path("", include("cchc.plans.urls")),
    path("", include("cchc.tracking.urls")),
    path("", include("cchc.ingest.urls")),
    path("", include("cchc.exports.urls")),
    path("", include("cchc.tracking.urls_dashboard")),
    path("", include("cchc.tracking.urls_reminders")),
    path("", include("cchc.reports.urls")),
    *[path("", include(f"cchc.{app}.urls")) for app in ("meetings", "documents")],
    path("", include("cchc.index.urls")),
    *api_urlpatterns,
    path("quan-tri/", admin.site.urls),
]
