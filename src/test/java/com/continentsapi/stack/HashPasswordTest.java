package com.continentsapi.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The operator's command as the README runs it: the password on standard input, the hash on standard output.
 * The tests call its hash method in process (Users); this is the one run of the command itself.
 */
class HashPasswordTest {

    @Test
    void readsThePasswordFromStandardInputAndPrintsAPbkdf2HashOfIt() throws Exception {
        Process command = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                Stack.file("server-config/mysql/HashPassword.java").toString()).start();
        try (OutputStream in = command.getOutputStream()) {
            in.write("a password\n".getBytes(StandardCharsets.UTF_8));
        }
        String hash = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, command.waitFor());
        assertTrue(hash.matches("PBKDF2WithHmacSHA512:210000:[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{88}"), hash);
        assertTrue(!hash.contains("a password"), "the password itself is never printed");
    }
}
