package com.continentsapi.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.SocketFactory;

/**
 * HTTP/1.1 over a plain socket, for what java.net.http refuses to send: control characters and non-UTF-8
 * bytes in a header, repeated headers, any method, any request target. One request per connection.
 */
final class RawHttp {

    /** A status (-1 when the server closed without answering), the Content-Type, and the whole answer as text. */
    record Answer(int status, String contentType, String text) {

        String body() {
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? "" : text.substring(end + 4);
        }
    }

    private final String host;
    private final int port;
    private final SocketFactory sockets;

    RawHttp(URL base) {
        this(base.getHost(), base.getPort(), SocketFactory.getDefault());
    }

    /** Over TLS, say, with an SSLSocketFactory. */
    RawHttp(String host, int port, SocketFactory sockets) {
        this.host = host;
        this.port = port;
        this.sockets = sockets;
    }

    /** @param head the request line and headers, without the Host and Connection headers and the blank line */
    Answer send(byte[] head) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(head);
        request.write(("\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return sendExactly(request.toByteArray());
    }

    /** These bytes and nothing else: the caller writes its own Host header (or none, or a broken one) and the blank line. */
    Answer sendExactly(byte[] request) throws IOException {
        try (Socket socket = sockets.createSocket(host, port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (SocketException closedEarly) {
                // The server may answer and close before it has read an oversized request: read what it said.
            }
            return parse(readAll(socket.getInputStream()));
        }
    }

    /** Everything the server sends until it closes; a reset after the answer keeps what arrived. */
    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                answer.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // A reset after the answer: keep what arrived.
        }
        return answer.toByteArray();
    }

    private static Answer parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.")) {
            return new Answer(-1, "", text);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        String contentType = "";
        int headersEnd = text.indexOf("\r\n\r\n");
        for (String line : text.substring(0, headersEnd < 0 ? text.length() : headersEnd).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                contentType = line.substring("content-type:".length()).strip();
            }
        }
        return new Answer(status, contentType, text);
    }
}
