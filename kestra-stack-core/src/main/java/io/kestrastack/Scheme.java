package io.kestrastack;

import java.util.Locale;

/** The scheme of the stack's public address. */
public enum Scheme {
    /** Plain HTTP, default port 80: local and test stacks, or TLS ended in front of the stack. */
    HTTP(80),
    /** HTTPS, default port 443. */
    HTTPS(443);

    private final int defaultPort;

    Scheme(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** 80 or 443. */
    public int defaultPort() {
        return defaultPort;
    }

    /** {@code http} or {@code https}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
