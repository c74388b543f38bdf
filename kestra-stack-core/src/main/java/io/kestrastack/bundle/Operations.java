package io.kestrastack.bundle;

import io.kestrastack.StackConfigException;
import io.kestrastack.internal.Problems;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The day-2 parts of a bundle: a smoke-test flow, scheduled PostgreSQL backups and a verification
 * guide. All three are on by default.
 */
public final class Operations {

    private final @Nullable SmokeTest smokeTest;
    private final @Nullable Backups backups;
    private final boolean verifyGuide;

    private Operations(@Nullable SmokeTest smokeTest, @Nullable Backups backups, boolean verifyGuide) {
        this.smokeTest = smokeTest;
        this.backups = backups;
        this.verifyGuide = verifyGuide;
    }

    /** Smoke test, backups and {@code VERIFY.md}, on their defaults. */
    public static Operations defaults() {
        return builder().build();
    }

    /** None of the day-2 parts. */
    public static Operations none() {
        return builder().noSmokeTest().noBackups().verifyGuide(false).build();
    }

    /** A builder with everything on. */
    public static Builder builder() {
        return new Builder();
    }

    /** The smoke-test flow, if any. */
    public Optional<SmokeTest> smokeTest() {
        return Optional.ofNullable(smokeTest);
    }

    /** The backup service, if any. */
    public Optional<Backups> backups() {
        return Optional.ofNullable(backups);
    }

    /** Whether {@code VERIFY.md} is written. */
    public boolean verifyGuide() {
        return verifyGuide;
    }

    /**
     * A flow that requests a URL on a schedule and logs the status code ({@code flows/smoke-test.yaml}).
     *
     * @param namespace the flow's namespace
     * @param url the URL to request, or {@code null} for the stack's own {@code kestra.url}
     * @param cron five-field cron schedule
     */
    public record SmokeTest(String namespace, @Nullable String url, String cron) {
        public SmokeTest {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(cron, "cron");
        }
    }

    /**
     * A Compose service that runs {@code pg_dump -Fc} every {@code intervalHours} into {@code ./backups}
     * and deletes dumps older than {@code retentionDays}.
     *
     * @param intervalHours hours between dumps, 1 to 168
     * @param retentionDays days dumps are kept, 1 to 3650
     */
    public record Backups(int intervalHours, int retentionDays) {}

    /** Builds {@link Operations}. */
    public static final class Builder {
        private @Nullable SmokeTest smokeTest = new SmokeTest("system.kestra_stack", null, "*/15 * * * *");
        private @Nullable Backups backups = new Backups(24, 14);
        private boolean verifyGuide = true;

        private Builder() {}

        /** The smoke-test flow. On by default: namespace {@code system.kestra_stack}, every 15 minutes, kestra.url. */
        public Builder smokeTest(SmokeTest smokeTest) {
            this.smokeTest = Objects.requireNonNull(smokeTest, "smokeTest");
            return this;
        }

        /** No smoke-test flow. */
        public Builder noSmokeTest() {
            this.smokeTest = null;
            return this;
        }

        /** Backups. On by default: every 24 hours, kept 14 days. */
        public Builder backups(Backups backups) {
            this.backups = Objects.requireNonNull(backups, "backups");
            return this;
        }

        /** No backup service. */
        public Builder noBackups() {
            this.backups = null;
            return this;
        }

        /** Whether to write {@code VERIFY.md}. On by default. */
        public Builder verifyGuide(boolean enabled) {
            this.verifyGuide = enabled;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws StackConfigException for an invalid namespace, URL or cron, or backup numbers out of range
         */
        public Operations build() {
            Problems p = new Problems();
            if (smokeTest != null) {
                if (!smokeTest.namespace().matches("[a-z0-9][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)*")
                        || smokeTest.namespace().length() > 150) {
                    p.add("smokeTest.namespace", "invalid-namespace", "'" + smokeTest.namespace()
                            + "' is not a Kestra namespace", "use dot-separated lower-case words, e.g. system.monitoring");
                }
                String url = smokeTest.url();
                if (url != null && !url.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/%?=&+-]*)?")) {
                    p.add("smokeTest.url", "invalid-url", "the smoke-test URL is not a plain http(s) URL",
                            "use a URL such as https://flows.example.com/");
                }
                if (smokeTest.cron().codePoints().anyMatch(io.kestrastack.internal.Checks::breaksLines)) {
                    p.add("smokeTest.cron", "control-character", "the cron expression contains a control character"
                            + " or line break", "write five fields separated by spaces, e.g. */15 * * * *");
                } else if (!smokeTest.cron().matches("(\\S+\\s+){4}\\S+") || smokeTest.cron().contains("{")) {
                    p.add("smokeTest.cron", "invalid-cron", "'" + smokeTest.cron() + "' is not a five-field cron expression",
                            "use five fields, e.g. */15 * * * *");
                }
            }
            if (backups != null) {
                if (backups.intervalHours() < 1 || backups.intervalHours() > 168) {
                    p.add("backups.intervalHours", "out-of-range", "the backup interval must be 1 to 168 hours",
                            "use 24 for daily dumps");
                }
                if (backups.retentionDays() < 1 || backups.retentionDays() > 3650) {
                    p.add("backups.retentionDays", "out-of-range", "retention must be 1 to 3650 days",
                            "keep at least a week of dumps");
                }
            }
            p.throwIfAny();
            return new Operations(smokeTest, backups, verifyGuide);
        }
    }
}
