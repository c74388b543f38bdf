package io.kestrastack.lint;

import java.util.Locale;

/** How bad a finding is. Both kinds make {@code lint} exit with status 1. */
public enum Severity {
    /** The stack is broken, insecure or loses data as written. */
    ERROR,
    /** The stack works today but is fragile, misleading or weaker than it should be. */
    WARNING;

    /** {@code error} or {@code warning}, as written in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
