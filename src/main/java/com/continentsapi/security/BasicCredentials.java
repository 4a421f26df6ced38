package com.continentsapi.security;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * An Authorization header read as HTTP Basic (RFC 7617). Ours rather than the container's: its Basic mechanism
 * answers 500 to a header without a colon, with an empty password or with bad Base64; anything that is not
 * well-formed here is simply no credential, which the mechanism answers with 401.
 */
final class BasicCredentials {

    private BasicCredentials() {
    }

    /** The user name and password of a well-formed Basic header (UTF-8, RFC 7617's charset); empty for anything else. */
    static Optional<UsernamePasswordCredential> of(String authorization) {
        if (authorization == null || authorization.length() <= 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(Base64.getDecoder().decode(authorization.substring(6).strip()))).toString();
        } catch (IllegalArgumentException | CharacterCodingException notBase64OrNotUtf8) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 1) {
            return Optional.empty();
        }
        return Optional.of(new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
}
