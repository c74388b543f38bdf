package io.kestrastack.internal;

import io.kestrastack.Secret;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one way to read a {@link Secret}'s value. Only the {@code .env} renderer and the validation of
 * secret values use it; the model itself has no public accessor for the value.
 */
public final class SecretAccess {

    private static @Nullable Function<Secret, String> reader;

    private SecretAccess() {}

    /** Called once by {@link Secret}'s static initializer. */
    public static synchronized void install(Function<Secret, String> secretReader) {
        if (reader != null) {
            throw new IllegalStateException("secret reader already installed");
        }
        reader = Objects.requireNonNull(secretReader);
    }

    /** The value of {@code secret}. Never log it. */
    public static String reveal(Secret secret) {
        secret.variable(); // an instance exists, so Secret's initializer has run and installed the reader
        Function<Secret, String> r = reader;
        if (r == null) {
            throw new IllegalStateException("secret reader not installed");
        }
        return r.apply(secret);
    }
}
