package io.kestrastack.testing;

import io.kestrastack.Secret;
import io.kestrastack.internal.SecretAccess;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Test access to secret values, which the public API never returns. */
public final class TestSecrets {

    private TestSecrets() {}

    /** The value of {@code secret}. */
    public static String valueOf(Secret secret) {
        return SecretAccess.reveal(secret);
    }

    /** The standard base64 of the UTF-8 value, as {@code .env} holds flow secrets. */
    public static String base64Of(Secret secret) {
        return Base64.getEncoder().encodeToString(valueOf(secret).getBytes(StandardCharsets.UTF_8));
    }
}
