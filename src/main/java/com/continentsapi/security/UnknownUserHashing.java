package com.continentsapi.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Makes an unknown user name cost what a wrong password costs, so the time of a 401 does not tell which user
 * names exist. The database store answers an unknown name at once and checks a known one's PBKDF2 hash (costly by
 * design); this store, asked only after it failed, checks the password of an unknown name against a dummy hash
 * made once at start with the parameters of server-config/mysql/HashPassword.java and
 * {@code auth.password-hash.iterations}, and ignores the result. Not a stored hash: stored hashes may differ in
 * iterations, and then the time would tell which one was used. It never validates anybody.
 */
@ApplicationScoped
public class UnknownUserHashing implements IdentityStore {

    /** After the database store (priority 70, the default): it is asked only when that one did not say VALID. */
    static final int PRIORITY = 1000;
    private static final String QUERY = "SELECT 1 FROM users WHERE username = ?";

    @Inject
    DataSource countries;

    @Inject
    Pbkdf2PasswordHash passwordHash;

    @Inject
    AuthSettings settings;

    private String dummyHash;

    @PostConstruct
    void init() {
        passwordHash.initialize(Map.of("Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
                "Pbkdf2PasswordHash.Iterations", Integer.toString(settings.passwordHashIterations()),
                "Pbkdf2PasswordHash.SaltSizeBytes", "32", "Pbkdf2PasswordHash.KeySizeBytes", "64"));
        SecureRandom random = new SecureRandom();
        char[] nobodysPassword = new char[32];
        for (int i = 0; i < nobodysPassword.length; i++) {
            nobodysPassword[i] = (char) ('!' + random.nextInt(94));
        }
        dummyHash = passwordHash.generate(nobodysPassword);
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (credential instanceof UsernamePasswordCredential login && !exists(login.getCaller())) {
            passwordHash.verify(login.getPassword().getValue(), dummyHash);
        }
        return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }

    private boolean exists(String user) {
        try (Connection db = countries.getConnection(); PreparedStatement query = db.prepareStatement(QUERY)) {
            query.setString(1, user);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The users table cannot be read", e);
        }
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return EnumSet.of(ValidationType.VALIDATE);
    }
}
