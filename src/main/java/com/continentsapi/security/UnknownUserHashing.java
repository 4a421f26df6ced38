package com.continentsapi.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.sql.DataSource;

/**
 * Makes an unknown user name cost what a wrong password costs, so the time of a 401 does not tell which user
 * names exist. The database store answers an unknown name at once and checks a known one's PBKDF2 hash (~225 ms);
 * this store, asked only after it failed, computes one PBKDF2 for an unknown name and nothing for a known one.
 * It never validates anybody.
 */
@ApplicationScoped
public class UnknownUserHashing implements IdentityStore {

    /** After the database store (priority 70, the default): it is asked only when that one did not say VALID. */
    static final int PRIORITY = 1000;
    /** server-config/mysql/HashPassword.java's parameters: keep the two in step, or the times differ again. */
    private static final String ALGORITHM = "PBKDF2WithHmacSHA512";
    private static final int ITERATIONS = 210_000;
    private static final int KEY_BITS = 512;

    private final byte[] salt = new SecureRandom().generateSeed(32);

    @Inject
    DataSource countries;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (credential instanceof UsernamePasswordCredential login && !exists(login.getCaller())) {
            hash(login.getPassword().getValue());
        }
        return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }

    private boolean exists(String user) {
        try (Connection db = countries.getConnection();
             PreparedStatement query = db.prepareStatement("SELECT 1 FROM users WHERE username = ?")) {
            query.setString(1, user);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The users table cannot be read", e);
        }
    }

    private void hash(char[] password) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, ITERATIONS, KEY_BITS);
        try {
            SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is in every Java platform", e);
        } finally {
            spec.clearPassword();
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
