package com.continentsapi.docs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.Api;
import com.continentsapi.StandardDeployment;
import com.continentsapi.stack.StackSession;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API description as served (Payara adds to the file) and the page that renders it, both public. */
class ApiDocsIT extends StandardDeployment {


    Api api;

    @BeforeEach
    void client() {
        api = new Api(base);
    }

    @Test
    void theServedDescriptionIsValidOpenApiWithARelativeServer() {
        HttpResponse<String> yaml = api.get("openapi", (String) null);
        HttpResponse<String> json = api.send("GET", "openapi", null, "Accept", "application/json");

        assertEquals(200, yaml.statusCode(), yaml.body());
        assertEquals(200, json.statusCode(), json.body());
        for (HttpResponse<String> served : List.of(yaml, json)) {
            SwaggerParseResult parsed = OpenApiLint.parse(served.body());
            assertEquals(List.of(), parsed.getMessages(), served.body());
            assertEquals(List.of("/"), parsed.getOpenAPI().getServers().stream().map(server -> server.getUrl()).toList());
            assertFalse(served.body().contains("endpoints"), "Payara's non-standard endpoints property: " + served.body());
        }
        assertTrue(json.body().strip().startsWith("{"), json.body());
    }

    /** Payara falls back to an empty document, logging one WARNING, when it cannot read openapi.yaml. */
    @Test
    void theServedDescriptionHasEveryPathOfTheStaticFile() throws Exception {
        Set<String> documented = OpenApiLint.parse(Files.readString(Path.of("src/main/resources/META-INF/openapi.yaml")))
                .getOpenAPI().getPaths().keySet();
        HttpResponse<String> served = api.send("GET", "openapi", null, "Accept", "application/json");

        assertFalse(documented.isEmpty());
        assertEquals(documented, OpenApiLint.parse(served.body()).getOpenAPI().getPaths().keySet(), served.body());
    }

    /** What Payara Micro's /openapi negotiates; the README's table says the same. */
    @Test
    void theDescriptionIsYamlByDefaultAndJsonOnRequest() {
        HttpResponse<String> byDefault = api.send("GET", "openapi", null, "Accept", "*/*");
        HttpResponse<String> jsonByQuery = api.get("openapi?format=json", (String) null);
        HttpResponse<String> applicationYaml = api.send("GET", "openapi", null, "Accept", "application/yaml");

        assertAll(
                () -> assertTrue(byDefault.body().startsWith("openapi:"), byDefault.body()),
                () -> assertTrue(jsonByQuery.body().strip().startsWith("{"), jsonByQuery.body()),
                () -> assertEquals(406, applicationYaml.statusCode(), "Payara offers YAML as text/plain only"));
    }

    @Test
    void swaggerUiIsServedAtDocsForTheDescription() {
        HttpResponse<String> docs = api.get("docs", (String) null);
        HttpResponse<String> page = api.get("docs/", (String) null);
        HttpResponse<String> initializer = api.get("docs/swagger-initializer.js", (String) null);
        HttpResponse<String> bundle = api.get("docs/swagger-ui-bundle.js", (String) null);

        assertAll(
                () -> assertEquals(301, docs.statusCode()),
                () -> assertEquals("docs/", docs.headers().firstValue("Location").orElseThrow()),
                () -> assertEquals(200, page.statusCode(), page.body()),
                () -> assertTrue(page.body().contains("swagger-initializer.js"), page.body()),
                () -> assertTrue(initializer.body().contains("url: \"../openapi\""), initializer.body()),
                () -> assertEquals(200, bundle.statusCode()),
                () -> assertTrue(bundle.headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript")));
    }

    @Test
    void onlySwaggerUisOwnFilesAreServed() {
        for (String path : List.of("docs/..%2fMETA-INF%2fmaven%2forg.webjars%2fswagger-ui%2fpom.properties", "docs/nothing.js",
                "docs/swagger-ui.css%00.js", "docs/%2e%2e/WEB-INF/web.xml", "docs/index", "docs/a/b.js")) {
            HttpResponse<String> answer = api.get(path, (String) null);
            // 404 from the servlet, or 400/401 where the container's normalised path leaves /docs (and so the public part).
            assertTrue(List.of(400, 401, 404).contains(answer.statusCode()), path + ": " + answer.statusCode() + " " + answer.body());
            assertFalse(answer.body().contains("version="), path + ": " + answer.body());
        }
    }

    @Test
    void theDocsNeverCountAgainstAQuota() throws Exception {
        String user = StackSession.stack().users().fresh("docs", "a reader of docs");
        for (String path : List.of("docs/", "docs/swagger-ui-bundle.js", "openapi", "docs/swagger-initializer.js")) {
            assertEquals(200, api.get(path, user, "a reader of docs").statusCode(), path);
        }

        HttpResponse<String> first = api.get("continents", user, "a reader of docs");
        assertEquals("\"default\";r=4;t=60", first.headers().firstValue("RateLimit").orElseThrow());
    }
}
