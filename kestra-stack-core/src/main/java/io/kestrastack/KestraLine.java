package io.kestrastack;

import java.util.Optional;

/** The Kestra release line a stack targets. */
public enum KestraLine {
    /** Kestra 1.x (1.3.x is the last, and the required stop before 2.0). */
    V1(1),
    /** Kestra 2.x. */
    V2(2);

    private final int major;

    KestraLine(int major) {
        this.major = major;
    }

    /** 1 or 2. */
    public int major() {
        return major;
    }

    /** The line of a major version number, if it is one this library knows. */
    public static Optional<KestraLine> ofMajor(int major) {
        for (KestraLine line : values()) {
            if (line.major == major) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }
}
