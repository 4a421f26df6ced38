import java.security.SecureRandom;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** What one Basic authentication costs without the credential cache: the users table's PBKDF2 parameters. */
public class Pbkdf2Cost {
    public static void main(String[] args) throws Exception {
        SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512");
        byte[] salt = new byte[32];
        new SecureRandom().nextBytes(salt);
        PBEKeySpec spec = new PBEKeySpec("EXAMPLE_PASSWORD".toCharArray(), salt, 210_000, 512);
        for (int i = 0; i < 5; i++) { // warm-up
            pbkdf2.generateSecret(spec);
        }
        int runs = 20;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            pbkdf2.generateSecret(spec);
        }
        double ms = (System.nanoTime() - start) / 1e6 / runs;
        System.out.printf("PBKDF2WithHmacSHA512, 210000 iterations: %.1f ms per verification, one core (%.1f per second per core)%n",
                ms, 1000 / ms);
    }
}
