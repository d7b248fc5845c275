// Swagger UI over the OpenAPI document, from this server's own copy of swagger-ui-dist. Requests
// made from it carry the session's CSRF token, as every form does.
window.addEventListener("load", function () {
  var holder = document.getElementById("swagger-ui");
  if (!holder || !window.SwaggerUIBundle) {
    return;
  }
  var csrf = holder.getAttribute("data-csrf");
  window.SwaggerUIBundle({
    url: holder.getAttribute("data-openapi"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    requestInterceptor: function (request) {
      if (csrf) {
        request.headers["X-CSRF-Token"] = csrf;
      }
      return request;
    },
  });
});
