from django.http import JsonResponse
from django.urls import path

from cchc.api.api import api
from cchc.api.docs import LocalSwagger

# U-5: the docs page (/api/v1/docs) uses the site's own copy of Swagger UI, not a CDN.
api.docs = LocalSwagger()


def openapi_json(request):
    """The OpenAPI 3 description at the stable address /api/openapi.json."""
    return JsonResponse(api.get_openapi_schema(path_prefix="/api/v1/"), json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("api/openapi.json", openapi_json, name="openapi"),
    path("api/v1/", api.urls),
]
