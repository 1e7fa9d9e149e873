// U-5: start Swagger UI on the API docs page with the settings the page carries (no inline script).
(function () {
  const body = document.querySelector("body").dataset;
  const config = JSON.parse(document.getElementById("swagger-settings").textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis];  // BaseLayout needs no standalone preset
  if (body.apiCsrf && body.csrfToken) {
    config.requestInterceptor = (request) => {
      request.headers["X-CSRFToken"] = body.csrfToken;
      return request;
    };
  }
  window.ui = SwaggerUIBundle(config);
})();
