package com.continentsapi.docs;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Keeps the served /openapi standard OpenAPI, which Swagger UI and code generators read. Payara adds a top-level
 * "endpoints" map that the OpenAPI schema does not allow; it is not part of the MicroProfile model, so it can only be
 * emptied through Payara's own class (an empty map is not written). Elsewhere there is nothing to do.
 */
public class StandardDocument implements OASFilter {

    private static final Logger LOG = Logger.getLogger(StandardDocument.class.getName());

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Method endpoints;
        try {
            endpoints = openAPI.getClass().getMethod("getEndpoints");
        } catch (NoSuchMethodException notPayara) {
            return;
        }
        try {
            if (endpoints.invoke(openAPI) instanceof Map<?, ?> map) {
                map.clear();
            }
        } catch (IllegalAccessException | InvocationTargetException | UnsupportedOperationException e) {
            LOG.log(Level.WARNING, "/openapi keeps Payara's non-standard 'endpoints' property", e);
        }
    }
}
