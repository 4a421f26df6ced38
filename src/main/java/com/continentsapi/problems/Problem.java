package com.continentsapi.problems;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** An RFC 9457 problem detail, the body of every error this API answers. */
public record Problem(String type, String title, int status, String detail, Map<String, List<String>> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    public Problem {
        extensions = Map.copyOf(extensions);
    }

    public Problem(String type, String title, int status, String detail) {
        this(type, title, status, detail, Map.of());
    }

    public static Problem of(int status, String detail) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return new Problem("about:blank", known == null ? "Error" : known.getReasonPhrase(), status, detail);
    }

    public String toJson() {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("type", type)
                .add("title", title)
                .add("status", status);
        if (detail != null) {
            json.add("detail", detail);
        }
        extensions.forEach((name, values) -> json.add(name, JSON.createArrayBuilder(values)));
        return json.build().toString();
    }

    public void writeTo(HttpServletResponse response) throws IOException {
        byte[] body = toJson().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
