package com.continentsapi.security;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import jakarta.security.enterprise.identitystore.DatabaseIdentityStoreDefinition;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;

/**
 * HTTP Basic against the users table; the stored value is a salted PBKDF2 hash in the
 * {@link Pbkdf2PasswordHash} format (algorithm:iterations:salt:hash), so the container, not this
 * application, checks passwords. The caller's identity is the user name, never the header.
 */
@BasicAuthenticationMechanismDefinition(realmName = "continents")
@DatabaseIdentityStoreDefinition(
        dataSourceLookup = "java:comp/env/jdbc/countries",
        callerQuery = "SELECT password_hash FROM users WHERE username = ?",
        groupsQuery = "SELECT role FROM users WHERE username = ?",
        hashAlgorithm = Pbkdf2PasswordHash.class)
@DeclareRoles("user")
@ApplicationScoped
public class Authentication {
}
