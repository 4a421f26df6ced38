package com.continentsapi.docs;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/** swagger-parser's validation: unknown properties, missing required fields, broken references, as errors. */
final class OpenApiLint {

    private OpenApiLint() {
    }

    static SwaggerParseResult parse(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(document, null, options);
    }
}
