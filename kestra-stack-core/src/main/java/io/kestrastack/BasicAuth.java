package io.kestrastack;

import io.kestrastack.internal.Problems;
import io.kestrastack.internal.Checks;
import io.kestrastack.internal.SecretAccess;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Kestra's basic-auth credentials ({@code kestra.server.basic-auth}), mandatory since Kestra 0.24.
 *
 * <p>Kestra does not refuse to start with credentials it considers invalid: it shows an error in the UI,
 * and until credentials are set the first visitor of the setup page becomes admin. So they are checked
 * here, when the stack is built: the username must be an email address and the password 8 to 256
 * characters with an ASCII lower-case letter, an ASCII upper-case letter and an ASCII digit (Kestra's
 * policy counts no other letters or digits).
 *
 * @param username an email address
 * @param password the password, kept in {@code .env}
 */
public record BasicAuth(String username, Secret password) {

    /** The variable name of the generated password. */
    public static final String DEFAULT_PASSWORD_VARIABLE = "BASIC_AUTH_PASSWORD";

    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#%&'*+/=?^_`|~-]+(?:\\.[A-Za-z0-9!#%&'*+/=?^_`|~-]+)*"
                    + "@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
                    + "\\.[A-Za-z]{2,63}");

    public BasicAuth {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** Credentials for {@code username} with a generated password in {@code BASIC_AUTH_PASSWORD}. */
    public static BasicAuth withGeneratedPassword(String username) {
        return new BasicAuth(username, Secret.generatePassword(DEFAULT_PASSWORD_VARIABLE));
    }

    /** Adds this value's problems under {@code path}. */
    void check(Problems p, String path) {
        if (!EMAIL.matcher(username).matches() || username.length() > 254) {
            p.add(path + ".username", "not-an-email", "Kestra requires the basic-auth username to be an email address",
                    "use an address such as admin@example.com");
        }
        Checks.infrastructureSecret(p, path + ".password", password);
        String value = SecretAccess.reveal(password);
        if (value.length() < 8 || value.length() > 256
                || value.chars().noneMatch(c -> c >= 'a' && c <= 'z')
                || value.chars().noneMatch(c -> c >= 'A' && c <= 'Z')
                || value.chars().noneMatch(c -> c >= '0' && c <= '9')) {
            // Kestra's policy counts ASCII letters and digits only: 'é', 'Ä' or '٣' do not satisfy it.
            p.add(path + ".password", "weak-password",
                    "Kestra requires 8 to 256 characters with an ASCII lower-case letter (a-z), an ASCII upper-case"
                            + " letter (A-Z) and a digit (0-9)",
                    "choose a password that meets the policy, or use Secret.generatePassword(\""
                            + password.variable() + "\")");
        }
    }

    @Override
    public String toString() {
        return "BasicAuth[username=" + username + ", password=" + password + "]";
    }
}
