package com.continentsapi.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Makes an unknown user name cost what a wrong password costs, so the time of a 401 does not tell which user
 * names exist. The database store answers an unknown name at once and checks a known one's PBKDF2 hash (costly by design);
 * this store, asked only after it failed, checks the password of an unknown name against a stored hash (the
 * first user's) and ignores the result. The cost thus follows the stored hashes' algorithm and iterations with
 * nothing to keep in step. It never validates anybody.
 */
@ApplicationScoped
public class UnknownUserHashing implements IdentityStore {

    /** After the database store (priority 70, the default): it is asked only when that one did not say VALID. */
    static final int PRIORITY = 1000;
    /** One round trip: whether the name exists (NULL if not), and a hash to spend the same time on. */
    private static final String QUERY = "SELECT (SELECT 1 FROM users WHERE username = ?), (SELECT password_hash FROM users LIMIT 1)";

    @Inject
    DataSource countries;

    @Inject
    Pbkdf2PasswordHash passwordHash;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (credential instanceof UsernamePasswordCredential login) {
            String unknownsHash = hashToCheckInstead(login.getCaller());
            if (unknownsHash != null) {
                passwordHash.verify(login.getPassword().getValue(), unknownsHash);
            }
        }
        return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }

    /** A stored hash when the user name is unknown (and some user exists); null when it is known. */
    private String hashToCheckInstead(String user) {
        try (Connection db = countries.getConnection(); PreparedStatement query = db.prepareStatement(QUERY)) {
            query.setString(1, user);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getObject(1) == null ? row.getString(2) : null;
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
