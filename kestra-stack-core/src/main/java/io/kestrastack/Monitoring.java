package io.kestrastack;

import io.kestrastack.internal.Checks;
import io.kestrastack.internal.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The optional monitoring part of a stack: Prometheus scraping Kestra's management endpoint, a blackbox
 * exporter probing the public URL and Kestra's readiness, the Postgres exporter, a node exporter for the
 * volumes' free space and the last backup's age, and Alertmanager sending to one receiver.
 *
 * <p>Every service is pinned, joins the private network and publishes nothing unless
 * {@link Builder#publishPrometheus(int)} or {@link Builder#publishAlertmanager(int)} asks for it (then on
 * {@code 127.0.0.1} only). The alert thresholds are values of this model with the defaults named on each
 * setter. The bundle renders it ({@link io.kestrastack.bundle.StackBundle}): the backup age alert follows
 * the bundle's backup schedule.
 *
 * <pre>{@code
 * Stack.builder().monitoring(m -> m.alertWebhook("https://hooks.example.com/kestra")).build();
 * }</pre>
 */
public final class Monitoring {

    /** Prometheus image used when none is set. */
    public static final String DEFAULT_PROMETHEUS_IMAGE = "prom/prometheus:v3.5.0";
    /** Alertmanager image used when none is set. */
    public static final String DEFAULT_ALERTMANAGER_IMAGE = "prom/alertmanager:v0.28.1";
    /** Blackbox exporter image used when none is set. */
    public static final String DEFAULT_BLACKBOX_IMAGE = "prom/blackbox-exporter:v0.27.0";
    /** Postgres exporter image used when none is set. */
    public static final String DEFAULT_POSTGRES_EXPORTER_IMAGE = "prometheuscommunity/postgres-exporter:v0.17.1";
    /** Node exporter image used when none is set. */
    public static final String DEFAULT_NODE_EXPORTER_IMAGE = "prom/node-exporter:v1.9.1";

    /** Compose service names of the monitoring part; no other service of the stack may use them. */
    public static final List<String> SERVICE_NAMES =
            List.of("prometheus", "alertmanager", "blackbox-exporter", "postgres-exporter", "node-exporter");
    /** Volume names of the monitoring part. */
    public static final List<String> VOLUME_NAMES = List.of("prometheus-data", "alertmanager-data");

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*):([0-9]{1,5})");
    private static final Pattern WEBHOOK = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/%?=&+:@!,;-]*)?");

    /** Where Alertmanager sends alerts. */
    public sealed interface Receiver permits Webhook, Email {}

    /**
     * Alertmanager's webhook receiver: a JSON POST of each alert group to {@code url}.
     *
     * @param url an {@code http} or {@code https} URL without user information; it is written into
     *     {@code monitoring/alertmanager/alertmanager.yml}, so a URL that holds a token is as secret as that file
     */
    public record Webhook(String url) implements Receiver {
        public Webhook {
            Objects.requireNonNull(url, "url");
        }
    }

    /**
     * Alertmanager's e-mail receiver.
     *
     * @param to the address alerts go to
     * @param from the sender address
     * @param smarthost the SMTP server as {@code host:port}
     * @param username the SMTP login, or {@code null} for none
     * @param password the SMTP password (kept in {@code .env}), or {@code null} for none; needs a username
     * @param requireTls whether Alertmanager insists on STARTTLS
     */
    public record Email(String to, String from, String smarthost, @Nullable String username, @Nullable Secret password,
            boolean requireTls) implements Receiver {
        public Email {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(smarthost, "smarthost");
        }

        @Override
        public String toString() {
            return "Email[to=" + to + ", smarthost=" + smarthost + ", password=" + (password == null ? "none" : password) + "]";
        }
    }

    private final Receiver receiver;
    private final ImageRef prometheusImage;
    private final ImageRef alertmanagerImage;
    private final ImageRef blackboxImage;
    private final ImageRef postgresExporterImage;
    private final ImageRef nodeExporterImage;
    private final @Nullable Integer prometheusPort;
    private final @Nullable Integer alertmanagerPort;
    private final int retentionDays;
    private final int failedExecutionsPerHour;
    private final int taskQueueSeconds;
    private final int workerBacklog;
    private final double workerSaturation;
    private final double apiLatencySeconds;
    private final int certificateDays;
    private final double postgresConnectionsRatio;
    private final @Nullable Integer backupMaxAgeHours;
    private final double diskFreeRatio;

    private Monitoring(Builder b, Receiver receiver, List<ImageRef> images) {
        this.receiver = receiver;
        this.prometheusImage = images.get(0);
        this.alertmanagerImage = images.get(1);
        this.blackboxImage = images.get(2);
        this.postgresExporterImage = images.get(3);
        this.nodeExporterImage = images.get(4);
        this.prometheusPort = b.prometheusPort;
        this.alertmanagerPort = b.alertmanagerPort;
        this.retentionDays = b.retentionDays;
        this.failedExecutionsPerHour = b.failedExecutionsPerHour;
        this.taskQueueSeconds = b.taskQueueSeconds;
        this.workerBacklog = b.workerBacklog;
        this.workerSaturation = b.workerSaturation;
        this.apiLatencySeconds = b.apiLatencySeconds;
        this.certificateDays = b.certificateDays;
        this.postgresConnectionsRatio = b.postgresConnectionsRatio;
        this.backupMaxAgeHours = b.backupMaxAgeHours;
        this.diskFreeRatio = b.diskFreeRatio;
    }

    /** A builder; a receiver must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this part. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Where alerts go. */
    public Receiver receiver() {
        return receiver;
    }

    /** The Prometheus image. */
    public ImageRef prometheusImage() {
        return prometheusImage;
    }

    /** The Alertmanager image. */
    public ImageRef alertmanagerImage() {
        return alertmanagerImage;
    }

    /** The blackbox exporter image. */
    public ImageRef blackboxImage() {
        return blackboxImage;
    }

    /** The Postgres exporter image. */
    public ImageRef postgresExporterImage() {
        return postgresExporterImage;
    }

    /** The node exporter image. */
    public ImageRef nodeExporterImage() {
        return nodeExporterImage;
    }

    /** The host port Prometheus's UI is published on at {@code 127.0.0.1}, if any. */
    public OptionalInt prometheusPort() {
        return prometheusPort == null ? OptionalInt.empty() : OptionalInt.of(prometheusPort);
    }

    /** The host port Alertmanager's UI is published on at {@code 127.0.0.1}, if any. */
    public OptionalInt alertmanagerPort() {
        return alertmanagerPort == null ? OptionalInt.empty() : OptionalInt.of(alertmanagerPort);
    }

    /** Days Prometheus keeps samples. */
    public int retentionDays() {
        return retentionDays;
    }

    /** Failed executions within one hour above which an alert fires. */
    public int failedExecutionsPerHour() {
        return failedExecutionsPerHour;
    }

    /** Mean seconds a task waits for a worker above which an alert fires. */
    public int taskQueueSeconds() {
        return taskQueueSeconds;
    }

    /** Jobs waiting in the workers above which an alert fires. */
    public int workerBacklog() {
        return workerBacklog;
    }

    /** Share of worker threads busy (0 to 1) above which an alert fires. */
    public double workerSaturation() {
        return workerSaturation;
    }

    /** Seconds the public URL may take to answer before an alert fires. */
    public double apiLatencySeconds() {
        return apiLatencySeconds;
    }

    /** Days before the public certificate expires at which an alert fires. */
    public int certificateDays() {
        return certificateDays;
    }

    /** Share of Postgres's {@code max_connections} in use above which an alert fires. */
    public double postgresConnectionsRatio() {
        return postgresConnectionsRatio;
    }

    /**
     * The age of the last successful backup above which an alert fires, if set explicitly; otherwise the
     * bundle derives it from the backup schedule (twice the interval, as the backup service's healthcheck).
     */
    public OptionalInt backupMaxAgeHours() {
        return backupMaxAgeHours == null ? OptionalInt.empty() : OptionalInt.of(backupMaxAgeHours);
    }

    /** Share of a volume's space free below which an alert fires. */
    public double diskFreeRatio() {
        return diskFreeRatio;
    }

    /** Secrets this part needs in {@code .env}: the SMTP password, if any. */
    public List<Secret> secrets() {
        return receiver instanceof Email e && e.password() != null ? List.of(e.password()) : List.of();
    }

    @Override
    public String toString() {
        return "Monitoring[receiver=" + (receiver instanceof Webhook ? "webhook" : receiver) + ", prometheus="
                + prometheusImage + "]";
    }

    /** Builds {@link Monitoring}; every check runs in {@link #build()}. */
    public static final class Builder {
        private @Nullable Receiver receiver;
        private String prometheusImage = DEFAULT_PROMETHEUS_IMAGE;
        private String alertmanagerImage = DEFAULT_ALERTMANAGER_IMAGE;
        private String blackboxImage = DEFAULT_BLACKBOX_IMAGE;
        private String postgresExporterImage = DEFAULT_POSTGRES_EXPORTER_IMAGE;
        private String nodeExporterImage = DEFAULT_NODE_EXPORTER_IMAGE;
        private @Nullable Integer prometheusPort;
        private @Nullable Integer alertmanagerPort;
        private int retentionDays = 15;
        private int failedExecutionsPerHour = 5;
        private int taskQueueSeconds = 60;
        private int workerBacklog = 50;
        private double workerSaturation = 0.9;
        private double apiLatencySeconds = 2.0;
        private int certificateDays = 14;
        private double postgresConnectionsRatio = 0.8;
        private @Nullable Integer backupMaxAgeHours;
        private double diskFreeRatio = 0.1;

        private Builder() {}

        private Builder(Monitoring m) {
            receiver = m.receiver;
            prometheusImage = m.prometheusImage.reference();
            alertmanagerImage = m.alertmanagerImage.reference();
            blackboxImage = m.blackboxImage.reference();
            postgresExporterImage = m.postgresExporterImage.reference();
            nodeExporterImage = m.nodeExporterImage.reference();
            prometheusPort = m.prometheusPort;
            alertmanagerPort = m.alertmanagerPort;
            retentionDays = m.retentionDays;
            failedExecutionsPerHour = m.failedExecutionsPerHour;
            taskQueueSeconds = m.taskQueueSeconds;
            workerBacklog = m.workerBacklog;
            workerSaturation = m.workerSaturation;
            apiLatencySeconds = m.apiLatencySeconds;
            certificateDays = m.certificateDays;
            postgresConnectionsRatio = m.postgresConnectionsRatio;
            backupMaxAgeHours = m.backupMaxAgeHours;
            diskFreeRatio = m.diskFreeRatio;
        }

        /** Sends alerts to a webhook. Required: this or {@link #alertEmail}. */
        public Builder alertWebhook(String url) {
            this.receiver = new Webhook(url);
            return this;
        }

        /** Sends alerts by e-mail. Required: this or {@link #alertWebhook}. */
        public Builder alertEmail(Email email) {
            this.receiver = Objects.requireNonNull(email, "email");
            return this;
        }

        /** Sets the receiver. */
        public Builder receiver(Receiver receiver) {
            this.receiver = Objects.requireNonNull(receiver, "receiver");
            return this;
        }

        /** Prometheus image. Defaults to {@value Monitoring#DEFAULT_PROMETHEUS_IMAGE}. Must be pinned. */
        public Builder prometheusImage(String image) {
            this.prometheusImage = Objects.requireNonNull(image, "image");
            return this;
        }

        /** Alertmanager image. Defaults to {@value Monitoring#DEFAULT_ALERTMANAGER_IMAGE}. Must be pinned. */
        public Builder alertmanagerImage(String image) {
            this.alertmanagerImage = Objects.requireNonNull(image, "image");
            return this;
        }

        /** Blackbox exporter image. Defaults to {@value Monitoring#DEFAULT_BLACKBOX_IMAGE}. Must be pinned. */
        public Builder blackboxImage(String image) {
            this.blackboxImage = Objects.requireNonNull(image, "image");
            return this;
        }

        /** Postgres exporter image. Defaults to {@value Monitoring#DEFAULT_POSTGRES_EXPORTER_IMAGE}. Must be pinned. */
        public Builder postgresExporterImage(String image) {
            this.postgresExporterImage = Objects.requireNonNull(image, "image");
            return this;
        }

        /** Node exporter image. Defaults to {@value Monitoring#DEFAULT_NODE_EXPORTER_IMAGE}. Must be pinned. */
        public Builder nodeExporterImage(String image) {
            this.nodeExporterImage = Objects.requireNonNull(image, "image");
            return this;
        }

        /** Publishes Prometheus's UI on {@code 127.0.0.1:port} of the host. Not published by default. */
        public Builder publishPrometheus(int port) {
            this.prometheusPort = port;
            return this;
        }

        /** Publishes Alertmanager's UI on {@code 127.0.0.1:port} of the host. Not published by default. */
        public Builder publishAlertmanager(int port) {
            this.alertmanagerPort = port;
            return this;
        }

        /** Days Prometheus keeps samples. Defaults to 15; 1 to 3650. */
        public Builder retentionDays(int days) {
            this.retentionDays = days;
            return this;
        }

        /** Failed executions within an hour that raise an alert (above this). Defaults to 5; at least 0. */
        public Builder failedExecutionsPerHour(int count) {
            this.failedExecutionsPerHour = count;
            return this;
        }

        /**
         * Mean seconds tasks wait for a worker thread (Kestra's {@code worker.queued.duration}) that raise an
         * alert. Defaults to 60; at least 1.
         */
        public Builder taskQueueSeconds(int seconds) {
            this.taskQueueSeconds = seconds;
            return this;
        }

        /** Jobs pending in the workers ({@code worker.job.pending}) that raise an alert. Defaults to 50; at least 1. */
        public Builder workerBacklog(int jobs) {
            this.workerBacklog = jobs;
            return this;
        }

        /** Share of busy worker threads that raises an alert. Defaults to 0.9; above 0, at most 1. */
        public Builder workerSaturation(double ratio) {
            this.workerSaturation = ratio;
            return this;
        }

        /** Seconds the public URL may take to answer. Defaults to 2; above 0, at most 60. */
        public Builder apiLatencySeconds(double seconds) {
            this.apiLatencySeconds = seconds;
            return this;
        }

        /** Days before the certificate expires when an alert fires. Defaults to 14; 1 to 90. */
        public Builder certificateDays(int days) {
            this.certificateDays = days;
            return this;
        }

        /** Share of {@code max_connections} in use that raises an alert. Defaults to 0.8; above 0, below 1. */
        public Builder postgresConnectionsRatio(double ratio) {
            this.postgresConnectionsRatio = ratio;
            return this;
        }

        /**
         * Hours without a successful backup that raise an alert. By default twice the backup interval (as the
         * backup service's healthcheck); 1 to 8760.
         */
        public Builder backupMaxAgeHours(int hours) {
            this.backupMaxAgeHours = hours;
            return this;
        }

        /** Share of a volume's space free below which an alert fires. Defaults to 0.1; above 0, below 1. */
        public Builder diskFreeRatio(double ratio) {
            this.diskFreeRatio = ratio;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws StackConfigException listing every problem: no receiver, a webhook URL that is not a plain
         *     http(s) URL (or carries user information), an e-mail address or smarthost that is not one, a
         *     password without a username, unpinned images, bad ports, thresholds out of range
         */
        public Monitoring build() {
            Problems p = new Problems();
            if (receiver == null) {
                p.add("receiver", "required", "no alert receiver set",
                        "call alertWebhook(\"https://hooks.example.com/...\") or alertEmail(...)");
            } else if (receiver instanceof Webhook w) {
                if (!WEBHOOK.matcher(w.url()).matches() || w.url().substring(w.url().indexOf("//") + 2).split("/", 2)[0].contains("@")) {
                    p.add("receiver.url", "invalid-url", "the webhook URL is not a plain http(s) URL without user information",
                            "use a URL such as https://hooks.example.com/alerts");
                }
            } else if (receiver instanceof Email e) {
                if (!EMAIL.matcher(e.to()).matches()) {
                    p.add("receiver.to", "invalid-email", "'" + e.to() + "' is not an e-mail address", "use an address such as ops@example.com");
                }
                if (!EMAIL.matcher(e.from()).matches()) {
                    p.add("receiver.from", "invalid-email", "'" + e.from() + "' is not an e-mail address",
                            "use an address such as alerts@example.com");
                }
                var m = HOST_PORT.matcher(e.smarthost());
                if (!m.matches() || Integer.parseInt(m.group(3)) < 1 || Integer.parseInt(m.group(3)) > 65535) {
                    p.add("receiver.smarthost", "invalid-smarthost", "'" + e.smarthost() + "' is not host:port",
                            "use the SMTP server as host:port, such as smtp.example.com:587");
                }
                if (e.username() != null && !e.username().matches("[A-Za-z0-9._%+@-]{1,256}")) {
                    p.add("receiver.username", "invalid-username", "the SMTP username has characters other than letters, digits and ._%+@-",
                            "use the plain login name");
                }
                if (e.password() != null) {
                    Checks.infrastructureSecret(p, "receiver.password", e.password());
                    if (e.username() == null) {
                        p.add("receiver.password", "password-without-username", "an SMTP password is set without a username",
                                "set the username too, or drop the password");
                    }
                }
            }
            List<ImageRef> images = new ArrayList<>();
            images.add(Checks.image(p, "prometheusImage", prometheusImage, false, DEFAULT_PROMETHEUS_IMAGE));
            images.add(Checks.image(p, "alertmanagerImage", alertmanagerImage, false, DEFAULT_ALERTMANAGER_IMAGE));
            images.add(Checks.image(p, "blackboxImage", blackboxImage, false, DEFAULT_BLACKBOX_IMAGE));
            images.add(Checks.image(p, "postgresExporterImage", postgresExporterImage, false, DEFAULT_POSTGRES_EXPORTER_IMAGE));
            images.add(Checks.image(p, "nodeExporterImage", nodeExporterImage, false, DEFAULT_NODE_EXPORTER_IMAGE));
            if (prometheusPort != null) {
                Checks.port(p, "prometheusPort", prometheusPort);
            }
            if (alertmanagerPort != null) {
                Checks.port(p, "alertmanagerPort", alertmanagerPort);
                if (alertmanagerPort.equals(prometheusPort)) {
                    p.add("alertmanagerPort", "port-conflict", "Prometheus and Alertmanager would both publish host port "
                            + alertmanagerPort, "publish them on different ports, such as 9090 and 9093");
                }
            }
            range(p, "retentionDays", retentionDays, 1, 3650, "keep 15 days");
            range(p, "failedExecutionsPerHour", failedExecutionsPerHour, 0, 1_000_000, "use 5");
            range(p, "taskQueueSeconds", taskQueueSeconds, 1, 86_400, "use 60");
            range(p, "workerBacklog", workerBacklog, 1, 1_000_000, "use 50");
            ratio(p, "workerSaturation", workerSaturation, true, "use 0.9");
            if (!(apiLatencySeconds > 0 && apiLatencySeconds <= 60)) {
                p.add("apiLatencySeconds", "out-of-range", "the API latency threshold must be above 0 and at most 60 seconds", "use 2");
            }
            range(p, "certificateDays", certificateDays, 1, 90, "use 14");
            ratio(p, "postgresConnectionsRatio", postgresConnectionsRatio, false, "use 0.8");
            if (backupMaxAgeHours != null) {
                range(p, "backupMaxAgeHours", backupMaxAgeHours, 1, 8760, "use twice the backup interval");
            }
            ratio(p, "diskFreeRatio", diskFreeRatio, false, "use 0.1");
            p.throwIfAny();
            return new Monitoring(this, Objects.requireNonNull(receiver), images);
        }

        private static void range(Problems p, String path, int value, int min, int max, String fix) {
            if (value < min || value > max) {
                p.add(path, "out-of-range", path + " must be " + min + " to " + max, fix);
            }
        }

        private static void ratio(Problems p, String path, double value, boolean oneAllowed, String fix) {
            if (!(value > 0 && (oneAllowed ? value <= 1 : value < 1))) {
                p.add(path, "out-of-range", path + " must be above 0 and " + (oneAllowed ? "at most" : "below") + " 1", fix);
            }
        }
    }

    /** Whether the receiver is the e-mail one with a password. */
    public Optional<Secret> smtpPassword() {
        return receiver instanceof Email e ? Optional.ofNullable(e.password()) : Optional.empty();
    }
}
