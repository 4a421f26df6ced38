package com.continentsapi.payara;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Request;
import org.apache.catalina.Response;
import org.glassfish.web.valve.GlassFishValve;

/**
 * Answers 404 problem+json to a path with a ':' before the web module's authenticator sees it. Payara 7.2025.1's
 * authorization check (Exousia 3.0.0-M3) builds a permission from the path without escaping the ':', throws,
 * and answers 500 for every such request before any application code runs (server-config/README.md). A
 * virtual-server valve is the first code that runs after the request is mapped; a valve in the WAR's
 * glassfish-web.xml would run after the authenticator. No resource of this API has a ':' in its path, so 404 is
 * the true answer. Not part of the WAR: a server library (--addlibs), named by the post-boot file.
 */
public class ColonPathValve implements GlassFishValve {

    private static final byte[] NOT_FOUND = ("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
            + "\"detail\":\"There is no such resource.\"}").getBytes(StandardCharsets.UTF_8);

    @Override
    public String getInfo() {
        return ColonPathValve.class.getName();
    }

    @Override
    public int invoke(Request request, Response response) throws IOException {
        HttpServletRequest http = (HttpServletRequest) request.getRequest();
        // The decoded path without path parameters: what the authorization check builds its permission from.
        String path = http.getServletPath() + (http.getPathInfo() == null ? "" : http.getPathInfo());
        if (path.indexOf(':') < 0) {
            return INVOKE_NEXT;
        }
        HttpServletResponse answer = (HttpServletResponse) response.getResponse();
        answer.setStatus(HttpServletResponse.SC_NOT_FOUND);
        answer.setContentType("application/problem+json");
        answer.setContentLength(NOT_FOUND.length);
        answer.getOutputStream().write(NOT_FOUND);
        return END_PIPELINE;
    }

    @Override
    public void postInvoke(Request request, Response response) {
    }
}
