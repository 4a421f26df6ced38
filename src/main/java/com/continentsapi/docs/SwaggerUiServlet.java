package com.continentsapi.docs;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * Swagger UI at /docs/, from the org.webjars:swagger-ui jar in WEB-INF/lib, showing /openapi. A servlet rather
 * than the container's static files: the JAX-RS application is mapped to /*, which hides them. Only the page's
 * start-up script is ours (docs/swagger-initializer.js); the links are relative, so it works behind a path prefix.
 */
@WebServlet(urlPatterns = {"/docs", "/docs/*"})
public class SwaggerUiServlet extends HttpServlet {

    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final Map<String, String> TYPES = Map.of("html", "text/html;charset=UTF-8", "css", "text/css;charset=UTF-8",
            "js", "text/javascript;charset=UTF-8", "png", "image/png", "map", "application/json");

    private String files;

    @Override
    public void init() {
        Properties webjar = new Properties();
        try (InputStream in = resource("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("The org.webjars:swagger-ui jar is missing from WEB-INF/lib");
            }
            webjar.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files = WEBJAR + webjar.getProperty("version") + "/";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String file = request.getPathInfo();
        if (file == null) {
            // The page's links are relative to /docs/.
            response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
            response.setHeader("Location", "docs/");
            return;
        }
        String name = file.equals("/") ? "index.html" : file.substring(1);
        String extension = name.substring(name.lastIndexOf('.') + 1);
        if (!name.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9]+)+") || !TYPES.containsKey(extension)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (InputStream in = resource(name.equals("swagger-initializer.js") ? "docs/swagger-initializer.js" : files + name)) {
            if (in == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            response.setContentType(TYPES.get(extension));
            response.setHeader("Cache-Control", "no-cache");
            in.transferTo(response.getOutputStream());
        }
    }

    private static InputStream resource(String name) {
        return SwaggerUiServlet.class.getClassLoader().getResourceAsStream(name);
    }
}
