import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Prints the users.password_hash value for a password read from standard input (not the command line,
 * which other users of the machine can see), in the format of Jakarta Security's Pbkdf2PasswordHash:
 * algorithm:iterations:salt:hash, Base64. Run with a JDK 21+: java server-config/mysql/HashPassword.java
 */
public class HashPassword {

    private static final String ALGORITHM = "PBKDF2WithHmacSHA512";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA512: costly by design, so that a stolen table resists guessing. */
    private static final int ITERATIONS = 210_000;
    private static final int SALT_BYTES = 32;
    private static final int KEY_BITS = 512;

    public static void main(String[] args) throws Exception {
        String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (password == null || password.isEmpty()) {
            System.err.println("Type the password on standard input, e.g. read -rs P && printf '%s\\n' \"$P\" | java HashPassword.java");
            System.exit(2);
        }
        System.out.println(hash(password));
    }

    /** The value for this password, with a salt of its own. */
    public static String hash(String password) throws GeneralSecurityException {
        return hash(password, ITERATIONS);
    }

    /** The same with another number of iterations: the server verifies with the number the value names. */
    public static String hash(String password, int iterations) throws GeneralSecurityException {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, KEY_BITS);
        byte[] hash = SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        Base64.Encoder base64 = Base64.getEncoder();
        return ALGORITHM + ":" + iterations + ":" + base64.encodeToString(salt) + ":" + base64.encodeToString(hash);
    }
}
