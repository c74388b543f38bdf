package io.kestrastack.internal;

import io.kestrastack.Secret;

/**
 * Text rules for values in {@code docker-compose.yml}: Compose interpolates {@code $} in every string,
 * so literals double it and only secret references keep a single {@code $}.
 */
public final class ComposeText {

    private ComposeText() {}

    /** A literal Compose must pass through unchanged: every {@code $} doubled. */
    public static String literal(String value) {
        return value.replace("$", "$$");
    }

    /** A reference Compose fills from {@code .env}: {@code ${VARIABLE}}. */
    public static String variable(Secret secret) {
        return "${" + secret.variable() + "}";
    }

    /** Reverses {@link #literal(String)}. */
    public static String unescape(String composeText) {
        return composeText.replace("$$", "$");
    }
}
