// Swagger UI for this API: the description at /openapi (relative, so a path prefix in front of the app works),
// Basic credentials entered under "Authorize", the response headers (RateLimit, Retry-After) shown with each answer.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "../openapi",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "BaseLayout"
  });
};
