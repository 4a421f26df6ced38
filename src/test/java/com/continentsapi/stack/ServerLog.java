package com.continentsapi.stack;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What Payara Micro logs while a test runs: the Arquillian container copies every line of the server's console
 * to this JVM's System.out (println at each line), so a copy of System.out is a copy of the server's log.
 */
public final class ServerLog implements AutoCloseable {

    private final PrintStream original = System.out;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private ServerLog() {
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public synchronized void write(int b) {
                original.write(b);
                copy.write(b);
            }

            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                copy.write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8));
    }

    public static ServerLog capture() {
        return new ServerLog();
    }

    public String text() {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setOut(original);
    }
}
