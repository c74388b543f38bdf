package io.kestrastack.check;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one check of a deployment.
 *
 * @param id stable identifier, {@code group.name} in kebab-case (e.g. {@code edge.hsts})
 * @param group what part of the deployment it looks at
 * @param status pass, fail or skipped
 * @param what what the check proves when it passes, one sentence
 * @param measured what was observed (status codes, headers, milliseconds); never a secret
 * @param reason why it was skipped; null unless {@link Status#SKIPPED}
 * @param fix what to change; null unless {@link Status#FAIL}
 */
public record CheckResult(String id, Group group, Status status, String what, String measured, @Nullable String reason,
        @Nullable String fix) {

    /** The part of a deployment a check looks at. */
    public enum Group {
        /** The edge proxy: TLS, redirects, headers, paths, HTTP/2. */
        EDGE("Edge"),
        /** Kestra behind the edge: UI, API, its own URL, basic auth, version. */
        KESTRA("Kestra"),
        /** Ports that must not answer on the public host. */
        EXPOSURE("Exposure"),
        /** Server-sent events through the edge. */
        STREAMS("Streams");

        private final String label;

        Group(String label) {
            this.label = label;
        }

        /** The group's name as printed. */
        public String label() {
            return label;
        }
    }

    /** The result of one check. */
    public enum Status {
        /** What the check proves holds. */
        PASS,
        /** It does not hold; {@link CheckResult#fix()} says what to change. */
        FAIL,
        /** Not run; {@link CheckResult#reason()} says why. */
        SKIPPED
    }

    /** Checks that a reason comes with a skip and a fix with a failure. */
    public CheckResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(measured, "measured");
        if ((status == Status.SKIPPED) != (reason != null)) {
            throw new IllegalArgumentException(id + ": a reason is given exactly when skipped");
        }
        if ((status == Status.FAIL) != (fix != null)) {
            throw new IllegalArgumentException(id + ": a fix is given exactly when failed");
        }
    }

    static CheckResult pass(String id, Group group, String what, String measured) {
        return new CheckResult(id, group, Status.PASS, what, measured, null, null);
    }

    static CheckResult fail(String id, Group group, String what, String measured, String fix) {
        return new CheckResult(id, group, Status.FAIL, what, measured, null, fix);
    }

    static CheckResult skip(String id, Group group, String what, String reason) {
        return new CheckResult(id, group, Status.SKIPPED, what, "-", reason, null);
    }
}
