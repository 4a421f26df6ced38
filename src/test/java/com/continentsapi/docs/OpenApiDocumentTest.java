package com.continentsapi.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The file the server starts from is valid OpenAPI on its own (ApiDocsIT checks what the server makes of it). */
class OpenApiDocumentTest {

    @Test
    void openApiYamlHasNoValidationMessage() throws IOException {
        var parsed = OpenApiLint.parse(Files.readString(Path.of("src/main/resources/META-INF/openapi.yaml")));

        assertNotNull(parsed.getOpenAPI());
        assertEquals(List.of(), parsed.getMessages());
    }
}
