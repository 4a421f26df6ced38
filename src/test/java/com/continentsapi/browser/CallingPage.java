package com.continentsapi.browser;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The cross-origin page (browser/cross-origin.html), served on this machine at the port the build allows as an
 * origin. Reached as 127.0.0.1 it is the allowed origin; reached as localhost, another one.
 */
final class CallingPage implements AutoCloseable {

    private final HttpServer server;

    CallingPage(int port) throws IOException {
        byte[] page;
        try (InputStream in = CallingPage.class.getResourceAsStream("/browser/cross-origin.html")) {
            page = in.readAllBytes();
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/cross-origin.html", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "text/html;charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
