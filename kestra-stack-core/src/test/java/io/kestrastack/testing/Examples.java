package io.kestrastack.testing;

import io.kestrastack.Secret;
import io.kestrastack.Stack;

/** Fixed example stacks with fixed secret values, for golden files and unit tests. */
public final class Examples {

    /** The fixed Postgres password of the examples. */
    public static final Secret POSTGRES_PASSWORD = Secret.of("POSTGRES_PASSWORD", "test-Postgres-password-1");
    /** The fixed basic-auth password of the examples. */
    public static final Secret BASIC_AUTH_PASSWORD = Secret.of("BASIC_AUTH_PASSWORD", "Test-basic-auth-password-1");
    /** The fixed encryption key of the examples: the base64 of the bytes 0 to 31. */
    public static final Secret ENCRYPTION_KEY = Secret.of("ENCRYPTION_SECRET_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

    private Examples() {}

    /**
     * The smallest valid stack builder: the library's defaults plus the one required setting, the
     * basic-auth username. Its secrets are generated, so render it only where values do not matter.
     */
    public static Stack.Builder minimal() {
        return Stack.builder().kestra(k -> k.username("admin@example.com"));
    }

    /**
     * A single-host stack (Postgres and Kestra, no edge) on the defaults, reached at
     * {@code http://localhost:8080}, with the fixed secrets above.
     */
    public static Stack.Builder singleHost() {
        return Stack.builder()
                .postgres(p -> p.password(POSTGRES_PASSWORD))
                .kestra(k -> k.basicAuth("admin@example.com", BASIC_AUTH_PASSWORD).encryptionKey(ENCRYPTION_KEY));
    }
}
