package com.continentsapi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnknownUserHashingTest {

    /** A user whose stored hash has fewer iterations than the configured ones, as older hashes may. */
    static final String ALICES_OLD_HASH = "PBKDF2WithHmacSHA512:1000:c2FsdA==:aGFzaA==";
    final Map<String, String> users = Map.of("alice", ALICES_OLD_HASH);
    final List<String> verified = new ArrayList<>();
    final Map<String, String> initialized = new HashMap<>();
    int generated;
    UnknownUserHashing store;

    @BeforeEach
    void store() {
        store = new UnknownUserHashing();
        store.settings = new AuthSettings(60, 100, false, 2, 1000, 4321);
        store.countries = database();
        store.passwordHash = passwordHash();
        store.init();
    }

    @Test
    void anUnknownNameIsCheckedAgainstOneDummyHashWithTheConfiguredIterations() {
        for (String unknown : List.of("mallory", "trudy", "mallory")) {
            assertEquals(CredentialValidationResult.NOT_VALIDATED_RESULT, store.validate(new UsernamePasswordCredential(unknown, "guess")));
        }
        assertEquals(3, verified.size(), "each unknown name costs one check");
        assertEquals(1, Set.copyOf(verified).size(), "against one hash: " + verified);
        assertTrue(verified.getFirst().startsWith("PBKDF2WithHmacSHA512:4321:"), verified.getFirst());
        assertEquals(1, generated, "made once");
        assertEquals(Map.of("Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512", "Pbkdf2PasswordHash.Iterations", "4321",
                "Pbkdf2PasswordHash.SaltSizeBytes", "32", "Pbkdf2PasswordHash.KeySizeBytes", "64"), initialized,
                "the parameters of server-config/mysql/HashPassword.java");
    }

    @Test
    void aKnownNameIsLeftToTheDatabaseStore() {
        assertEquals(CredentialValidationResult.NOT_VALIDATED_RESULT, store.validate(new UsernamePasswordCredential("alice", "guess")));
        assertEquals(List.of(), verified);
    }

    /** The users table: a row for a name that exists (with its hash, for a query that asks for one). */
    private DataSource database() {
        return proxy(DataSource.class, (name, args) -> name.equals("getConnection") ? proxy(Connection.class, (connection, none) -> switch (connection) {
            case "prepareStatement" -> statement();
            case "close" -> null;
            default -> throw new UnsupportedOperationException(connection);
        }) : fail(name));
    }

    private PreparedStatement statement() {
        String[] user = new String[1];
        return proxy(PreparedStatement.class, (name, args) -> switch (name) {
            case "setString" -> user[0] = (String) args[1];
            case "executeQuery" -> rows(user[0]);
            case "close" -> null;
            default -> fail(name);
        });
    }

    private ResultSet rows(String user) {
        boolean[] before = {true};
        return proxy(ResultSet.class, (name, args) -> switch (name) {
            case "next" -> {
                boolean row = before[0] && users.containsKey(user);
                before[0] = false;
                yield row;
            }
            case "getObject", "getInt" -> users.containsKey(user) ? 1 : null;
            case "getString" -> users.containsKey(user) ? users.get(user) : ALICES_OLD_HASH; // as "SELECT ... password_hash ... LIMIT 1" would
            case "close" -> null;
            default -> fail(name);
        });
    }

    private Pbkdf2PasswordHash passwordHash() {
        return proxy(Pbkdf2PasswordHash.class, (name, args) -> switch (name) {
            case "initialize" -> {
                @SuppressWarnings("unchecked")
                Map<String, String> parameters = (Map<String, String>) args[0];
                initialized.putAll(parameters);
                yield null;
            }
            case "generate" -> {
                generated++;
                yield initialized.get("Pbkdf2PasswordHash.Algorithm") + ":" + initialized.get("Pbkdf2PasswordHash.Iterations") + ":"
                        + UUID.randomUUID() + ":hash";
            }
            case "verify" -> {
                verified.add((String) args[1]);
                yield false;
            }
            default -> fail(name);
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer.answer(method.getName(), args));
    }

    private static Object fail(String method) {
        throw new UnsupportedOperationException(method);
    }
}
