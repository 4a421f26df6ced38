package com.continentsapi;

import java.util.LinkedHashMap;
import java.util.Map;
import org.greenbytes.http.sfv.Item;
import org.greenbytes.http.sfv.ListElement;
import org.greenbytes.http.sfv.Parser;

/** Reads a header the way a standard client would: as a Structured Field list (RFC 8941/9651). */
public final class StructuredFields {

    private StructuredFields() {
    }

    /** {item: {parameter: value}}, in field order; throws unless the field parses. */
    public static Map<String, Map<String, Object>> list(String field) {
        Map<String, Map<String, Object>> items = new LinkedHashMap<>();
        for (ListElement<?> element : new Parser(field).parseList().get()) {
            Map<String, Object> parameters = new LinkedHashMap<>();
            ((Item<?>) element).getParams().forEach((name, value) -> parameters.put(name, value.get()));
            items.put((String) element.get(), parameters);
        }
        return items;
    }
}
