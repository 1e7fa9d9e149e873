"""U-5: the API docs page, served with Swagger UI from the site's own static files (npm package swagger-ui-dist,
copied into static/vendor by `make`), never from a CDN."""

import json

from django.shortcuts import render
from ninja.openapi.docs import Swagger, _csrf_needed


class LocalSwagger(Swagger):
    """ninja's Swagger page, rendered from our template whether or not ninja is an installed app (ninja falls back
    to a template that loads Swagger UI from a CDN when it is not)."""

    template = "api/swagger.html"
    default_settings = {
        **Swagger.default_settings,
        # Swagger UI otherwise asks validator.swagger.io about the schema (an image from another host).
        "validatorUrl": None,
    }

    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {"swagger_settings": json.dumps(settings, indent=1), "api": api, "add_csrf": _csrf_needed(api)}
        return render(request, self.template, context)
