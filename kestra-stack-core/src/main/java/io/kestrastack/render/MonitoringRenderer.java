package io.kestrastack.render;

import io.kestrastack.InternalStorage;
import io.kestrastack.KestraService;
import io.kestrastack.Monitoring;
import io.kestrastack.PostgresService;
import io.kestrastack.Secret;
import io.kestrastack.Stack;
import io.kestrastack.internal.Yaml;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Renders the monitoring part of a stack ({@link Monitoring}): its Compose services and the files under
 * {@code monitoring/}: Prometheus's configuration, the alert rules and their {@code promtool test rules}
 * unit tests, Alertmanager's and the blackbox exporter's configuration.
 *
 * <p>Metric names are Kestra's ({@code io.kestra.core.metrics.MetricRegistry}, prefix {@code kestra} from
 * {@code kestra.metrics.prefix}) as Micrometer's Prometheus naming writes them: dots become underscores,
 * counters end in {@code _total}, timers in {@code _seconds_count}/{@code _seconds_sum}/{@code _seconds_max}
 * (see docs/kestra-facts.md). Every alert carries one series that makes it fire and one that must not; both
 * are rendered into the unit-test file, so {@code promtool test rules} proves each threshold.
 */
public final class MonitoringRenderer {

    /** Folder of the monitoring files in the bundle. */
    public static final String DIR = "monitoring";
    /** Prometheus's configuration. */
    public static final String PROMETHEUS_CONFIG = DIR + "/prometheus/prometheus.yml";
    /** The alert rules. */
    public static final String RULES = DIR + "/prometheus/alerts.yml";
    /** The rules' unit tests, for {@code promtool test rules}. */
    public static final String RULE_TESTS = DIR + "/prometheus/alerts.test.yml";
    /** Alertmanager's configuration. */
    public static final String ALERTMANAGER_CONFIG = DIR + "/alertmanager/alertmanager.yml";
    /** The blackbox exporter's configuration. */
    public static final String BLACKBOX_CONFIG = DIR + "/blackbox/blackbox.yml";
    /** Host folder the backup service writes its metric into and the node exporter reads (textfile collector). */
    public static final String TEXTFILE_DIR = DIR + "/textfile";
    /** Container path of {@link #TEXTFILE_DIR} in the backup service and the node exporter. */
    public static final String TEXTFILE_CONTAINER_PATH = "/textfile";
    /** The metric the backup service writes after each successful dump: Unix time of that dump. */
    public static final String BACKUP_METRIC = "kestra_backup_last_success_timestamp_seconds";
    /** Where the node exporter sees each volume it watches: {@code /volumes/<name>}. */
    public static final String VOLUMES_PATH = "/volumes/";

    /** Rule groups, as {@link #rules} selects them. */
    public enum Group {
        /** Kestra's own metrics: up, failed executions, task queue, workers. */
        KESTRA,
        /** Blackbox probes: readiness, public URL, latency, certificate. */
        PROBES,
        /** The Postgres exporter's metrics. */
        POSTGRES,
        /** The node exporter: volume space and the last backup. */
        HOST,
        /** The monitoring services themselves. */
        MONITORING
    }

    /**
     * One series of a unit test.
     *
     * @param series the series in PromQL selector form
     * @param values promtool's expanding notation, such as {@code 0+1x30}
     */
    public record Series(String series, String values) {}

    /**
     * One unit-test case of an alert.
     *
     * @param series the input series
     * @param evalTime when to evaluate, such as {@code 15m}
     * @param labels the labels the firing alert carries besides {@code alertname} and {@code severity};
     *     ignored for a case that must stay quiet
     */
    public record Case(List<Series> series, String evalTime, Map<String, String> labels) {
        public Case {
            series = List.copyOf(series);
            labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }
    }

    /**
     * One alert rule with its two unit-test cases.
     *
     * @param group the rule group
     * @param name the alert name
     * @param expr the PromQL expression
     * @param forDuration how long it must hold, such as {@code 5m}
     * @param severity {@code critical} or {@code warning}
     * @param summary one line for humans
     * @param description what it means and what to look at
     * @param fires a case in which the alert fires
     * @param quiet a case in which it must not
     */
    public record Rule(Group group, String name, String expr, String forDuration, String severity, String summary,
            String description, Case fires, Case quiet) {}

    private static final String PROMETHEUS_PORT = "9090";
    private static final String ALERTMANAGER = "alertmanager";
    private static final String BLACKBOX = "blackbox-exporter";
    private static final String POSTGRES_EXPORTER = "postgres-exporter";
    private static final String NODE_EXPORTER = "node-exporter";

    private MonitoringRenderer() {}

    /** The age of the last backup that raises an alert: set on the model, or twice the backup interval. */
    public static int backupMaxAgeHours(Monitoring m, int backupIntervalHours) {
        return m.backupMaxAgeHours().orElse(2 * backupIntervalHours);
    }

    /**
     * The URL the blackbox exporter probes as "the public URL": Kestra's {@code /ping} at {@code kestra.url}; for
     * a loopback address, which means the probing container itself, Kestra's HTTP port inside the network.
     */
    public static String publicProbeUrl(Stack stack) {
        if (stack.address().isLoopback()) {
            return "http://" + stack.kestra().serviceName() + ":" + KestraService.HTTP_PORT
                    + stack.contextPath().withTrailingSlash() + "ping";
        }
        return stack.kestraUrl() + "ping";
    }

    /** Kestra's readiness endpoint as the blackbox exporter reaches it. */
    public static String readinessUrl(Stack stack) {
        return "http://" + stack.kestra().serviceName() + ":" + KestraService.MANAGEMENT_PORT
                + stack.managementPath("health/readiness");
    }

    /**
     * The Compose services of the monitoring part, in rendering order.
     *
     * @param backupIntervalHours the bundle's backup interval, if it has a backup service: the node exporter then
     *     watches {@code ./backups} too and reads the backup metric
     */
    public static List<ServiceSpec> services(Stack stack, OptionalInt backupIntervalHours) {
        Monitoring m = monitoring(stack);
        KestraService k = stack.kestra();
        PostgresService pg = stack.postgres();
        List<ServiceSpec> out = new ArrayList<>();

        ServiceSpec.Builder prometheus = ServiceSpec.builder("prometheus", m.prometheusImage())
                .command(List.of("--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus",
                        "--storage.tsdb.retention.time=" + m.retentionDays() + "d"))
                .addMount(ServiceSpec.Mount.bind("./" + DIR + "/prometheus", "/etc/prometheus", true))
                .addMount(ServiceSpec.Mount.volume("prometheus-data", "/prometheus"))
                .healthCheck(wget("http://localhost:" + PROMETHEUS_PORT + "/-/ready"));
        m.prometheusPort().ifPresent(port -> prometheus.addPort(new ServiceSpec.Port("127.0.0.1", port, 9090, "tcp")));
        out.add(prometheus.build());

        List<String> alertmanagerArgs = List.of("--config.file=/etc/alertmanager/alertmanager.yml",
                "--storage.path=/alertmanager");
        ServiceSpec.Builder alertmanager = ServiceSpec.builder(ALERTMANAGER, m.alertmanagerImage());
        Secret smtp = m.smtpPassword().orElse(null);
        if (smtp == null) {
            alertmanager.command(alertmanagerArgs);
        } else {
            // Alertmanager reads no environment variables in its configuration: the password reaches it as a file
            // (auth_password_file) written from the environment at start, on its own data volume.
            alertmanager.entrypoint(List.of("/bin/sh", "-c", "umask 077 && printf '%s' \"$" + smtp.variable()
                    + "\" > " + SMTP_PASSWORD_FILE + " && exec /bin/alertmanager " + String.join(" ", alertmanagerArgs)))
                    .putSecret(smtp.variable(), smtp, "SMTP password Alertmanager sends alerts with.");
        }
        alertmanager.addMount(ServiceSpec.Mount.bind("./" + DIR + "/alertmanager", "/etc/alertmanager", true))
                .addMount(ServiceSpec.Mount.volume("alertmanager-data", "/alertmanager"))
                .healthCheck(wget("http://localhost:9093/-/ready"));
        m.alertmanagerPort().ifPresent(port -> alertmanager.addPort(new ServiceSpec.Port("127.0.0.1", port, 9093, "tcp")));
        out.add(alertmanager.build());

        ServiceSpec.Builder blackbox = ServiceSpec.builder(BLACKBOX, m.blackboxImage())
                .command(List.of("--config.file=/etc/blackbox_exporter/blackbox.yml"))
                .addMount(ServiceSpec.Mount.bind("./" + DIR + "/blackbox", "/etc/blackbox_exporter", true));
        out.add(blackbox.healthCheck(wget("http://localhost:9115/-/healthy")).build());

        // The exporter reads the password from the environment Compose fills from .env; the URI has no secret.
        out.add(ServiceSpec.builder(POSTGRES_EXPORTER, m.postgresExporterImage())
                .dependsOnHealthy(pg.serviceName(), "the exporter's first scrape needs a running server")
                .putLiteral("DATA_SOURCE_URI", pg.serviceName() + ":5432/" + pg.database() + "?sslmode=disable")
                .putLiteral("DATA_SOURCE_USER", pg.user())
                .putSecret("DATA_SOURCE_PASS", pg.password(), StackServices.postgresPasswordPurpose(pg))
                .healthCheck(wget("http://localhost:9187/metrics"))
                .build());

        ServiceSpec.Builder node = ServiceSpec.builder(NODE_EXPORTER, m.nodeExporterImage())
                .command(List.of("--collector.textfile.directory=" + TEXTFILE_CONTAINER_PATH))
                .addMount(ServiceSpec.Mount.bind("./" + TEXTFILE_DIR, TEXTFILE_CONTAINER_PATH, true))
                .addMount(new ServiceSpec.Mount(true, pg.volume(), VOLUMES_PATH + pg.volume(), true));
        if (k.storage() instanceof InternalStorage.Local local) {
            node.addMount(new ServiceSpec.Mount(true, local.volume(), VOLUMES_PATH + local.volume(), true));
        }
        node.addMount(new ServiceSpec.Mount(true, "prometheus-data", VOLUMES_PATH + "prometheus-data", true));
        if (backupIntervalHours.isPresent()) {
            node.addMount(ServiceSpec.Mount.bind("./backups", VOLUMES_PATH + "backups", true));
        }
        node.healthCheck(wget("http://localhost:9100/metrics"));
        out.add(node.build());
        return out;
    }

    /**
     * Whether the public probe meets a certificate the edge signs itself: only when the probe goes through the edge
     * over TLS and the edge is Caddy with {@code tls internal}.
     */
    static boolean probesOwnCertificate(Stack stack) {
        return publicProbeUrl(stack).startsWith("https://") && stack.edge().map(io.kestrastack.Edge::signsOwnCertificate).orElse(false);
    }

    /**
     * Whether the certificate alert has a meaning: the probe goes through the edge over TLS and the certificate is
     * not one the edge's private CA reissues every few hours (its earliest expiry is always within hours).
     */
    public static boolean watchesCertificate(Stack stack) {
        return publicProbeUrl(stack).startsWith("https://") && !probesOwnCertificate(stack);
    }

    /** Where Alertmanager's start-up writes the SMTP password, on its own data volume. */
    static final String SMTP_PASSWORD_FILE = "/alertmanager/smtp-password";

    private static ServiceSpec.HealthCheck wget(String url) {
        // The prom/* images are built on busybox, whose wget answers non-2xx with a non-zero exit.
        return new ServiceSpec.HealthCheck(List.of("CMD", "wget", "-q", "-O", "/dev/null", url), "30s", "5s", 5, "30s");
    }

    /** The files under {@code monitoring/}, in a stable order. */
    public static List<RenderedFile> files(Stack stack, OptionalInt backupIntervalHours) {
        Monitoring m = monitoring(stack);
        List<Rule> rules = rules(stack, backupIntervalHours, List.of(Group.values()));
        return List.of(
                RenderedFile.of(PROMETHEUS_CONFIG, prometheusConfig(stack)),
                RenderedFile.of(RULES, rulesYaml(rules)),
                RenderedFile.of(RULE_TESTS, ruleTestsYaml("alerts.yml", rules)),
                RenderedFile.of(ALERTMANAGER_CONFIG, alertmanagerConfig(m)),
                RenderedFile.of(BLACKBOX_CONFIG, blackboxConfig(stack)));
    }

    /** {@code prometheus.yml}: the scrape jobs each alert's {@code job} label names. */
    public static String prometheusConfig(Stack stack) {
        KestraService k = stack.kestra();
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> global = new LinkedHashMap<>();
        global.put("scrape_interval", "30s");
        global.put("evaluation_interval", "30s");
        root.put("global", global);
        // Relative: Prometheus reads it next to prometheus.yml, in the container and for promtool alike.
        root.put("rule_files", List.of("alerts.yml"));
        root.put("alerting", Map.of("alertmanagers", List.of(Map.of("static_configs",
                List.of(Map.of("targets", List.of(ALERTMANAGER + ":9093")))))));
        List<Object> jobs = new ArrayList<>();
        jobs.add(job("prometheus", null, "localhost:" + PROMETHEUS_PORT));
        // Micronaut's Prometheus endpoint on the management port, under the context path like every endpoint.
        jobs.add(job("kestra", stack.managementPath("prometheus"), k.serviceName() + ":" + KestraService.MANAGEMENT_PORT));
        jobs.add(job("postgres", null, POSTGRES_EXPORTER + ":9187"));
        jobs.add(job("node", null, NODE_EXPORTER + ":9100"));
        jobs.add(job("alertmanager", null, ALERTMANAGER + ":9093"));
        jobs.add(job("blackbox", null, BLACKBOX + ":9115"));
        jobs.add(probe("kestra-readiness", "kestra_ready", readinessUrl(stack)));
        jobs.add(probe("kestra-public", "kestra_public", publicProbeUrl(stack)));
        root.put("scrape_configs", jobs);
        return Yaml.dump(root);
    }

    private static Map<String, Object> job(String name, @Nullable String metricsPath, String target) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("job_name", name);
        if (metricsPath != null) {
            job.put("metrics_path", metricsPath);
        }
        job.put("static_configs", List.of(Map.of("targets", List.of(target))));
        return job;
    }

    /** A blackbox probe job: the target becomes the {@code target} parameter and the {@code instance} label. */
    private static Map<String, Object> probe(String name, String module, String url) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("job_name", name);
        job.put("metrics_path", "/probe");
        job.put("params", Map.of("module", List.of(module)));
        job.put("static_configs", List.of(Map.of("targets", List.of(url))));
        List<Object> relabel = new ArrayList<>();
        relabel.add(relabel(List.of("__address__"), "__param_target", null));
        relabel.add(relabel(List.of("__param_target"), "instance", null));
        relabel.add(relabel(null, "__address__", BLACKBOX + ":9115"));
        job.put("relabel_configs", relabel);
        return job;
    }

    private static Map<String, Object> relabel(@Nullable List<String> source, String target, @Nullable String replacement) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (source != null) {
            r.put("source_labels", source);
        }
        r.put("target_label", target);
        if (replacement != null) {
            r.put("replacement", replacement);
        }
        return r;
    }

    /** {@code blackbox.yml}: the two HTTP modules the probe jobs use. */
    public static String blackboxConfig(Stack stack) {
        Map<String, Object> modules = new LinkedHashMap<>();
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("prober", "http");
        ready.put("timeout", "5s");
        ready.put("http", Map.of("preferred_ip_protocol", "ip4"));
        modules.put("kestra_ready", ready);
        Map<String, Object> pub = new LinkedHashMap<>();
        pub.put("prober", "http");
        pub.put("timeout", "10s");
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("preferred_ip_protocol", "ip4");
        if (publicProbeUrl(stack).startsWith("https://")) {
            // An answer over plain HTTP would mean the edge lost its TLS; the certificate alert needs TLS anyway.
            http.put("fail_if_not_ssl", true);
            if (probesOwnCertificate(stack)) {
                // The edge's own CA: trusting it would mean mounting the edge's volume, CA key included, into the
                // exporter. The probe checks that Kestra answers through the edge over TLS, not who signed it.
                http.put("tls_config", Map.of("insecure_skip_verify", true));
            }
        }
        pub.put("http", http);
        modules.put("kestra_public", pub);
        return Yaml.dump(Map.of("modules", modules));
    }

    /** {@code alertmanager.yml}: one route to the model's receiver, resolved alerts included. */
    public static String alertmanagerConfig(Monitoring m) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> route = new LinkedHashMap<>();
        Monitoring.Receiver r = m.receiver();
        String name = r instanceof Monitoring.Webhook ? "webhook" : "email";
        route.put("receiver", name);
        route.put("group_by", List.of("alertname"));
        route.put("group_wait", "30s");
        route.put("group_interval", "5m");
        route.put("repeat_interval", "4h");
        root.put("route", route);
        Map<String, Object> receiver = new LinkedHashMap<>();
        receiver.put("name", name);
        Map<String, Object> config = new LinkedHashMap<>();
        if (r instanceof Monitoring.Webhook w) {
            config.put("url", w.url());
            config.put("send_resolved", true);
            receiver.put("webhook_configs", List.of(config));
        } else {
            Monitoring.Email e = (Monitoring.Email) r;
            config.put("to", e.to());
            config.put("from", e.from());
            config.put("smarthost", e.smarthost());
            if (e.username() != null) {
                config.put("auth_username", e.username());
            }
            if (e.password() != null) {
                config.put("auth_password_file", SMTP_PASSWORD_FILE);
            }
            config.put("require_tls", e.requireTls());
            config.put("send_resolved", true);
            receiver.put("email_configs", List.of(config));
        }
        root.put("receivers", List.of(receiver));
        return Yaml.dump(root);
    }

    /** The alert rules file for the given rules: one Prometheus rule group per {@link Group}. */
    public static String rulesYaml(List<Rule> rules) {
        Map<Group, List<Object>> byGroup = new LinkedHashMap<>();
        for (Rule r : rules) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("alert", r.name());
            rule.put("expr", r.expr());
            rule.put("for", r.forDuration());
            rule.put("labels", Map.of("severity", r.severity()));
            Map<String, Object> annotations = new LinkedHashMap<>();
            annotations.put("summary", r.summary());
            annotations.put("description", r.description());
            rule.put("annotations", annotations);
            byGroup.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(rule);
        }
        List<Object> groups = new ArrayList<>();
        byGroup.forEach((g, list) -> {
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("name", "kestra-stack-" + g.name().toLowerCase(java.util.Locale.ROOT));
            group.put("rules", list);
            groups.add(group);
        });
        return Yaml.dump(Map.of("groups", groups));
    }

    /**
     * The {@code promtool test rules} file for the given rules: for each alert, one test in which it fires with
     * its labels and annotations, and one in which it must not.
     *
     * @param rulesFile the rules file's path relative to the test file
     */
    public static String ruleTestsYaml(String rulesFile, List<Rule> rules) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("rule_files", List.of(rulesFile));
        root.put("evaluation_interval", "1m");
        List<Object> tests = new ArrayList<>();
        for (Rule r : rules) {
            Map<String, Object> expected = new LinkedHashMap<>();
            Map<String, Object> labels = new LinkedHashMap<>(r.fires().labels());
            labels.put("severity", r.severity());
            expected.put("exp_labels", labels);
            Map<String, Object> annotations = new LinkedHashMap<>();
            annotations.put("summary", r.summary());
            annotations.put("description", r.description());
            expected.put("exp_annotations", annotations);
            tests.add(test(r.name() + " fires", r.name(), r.fires(), List.of(expected)));
            tests.add(test(r.name() + " stays quiet", r.name(), r.quiet(), List.of()));
        }
        root.put("tests", tests);
        return Yaml.dump(root);
    }

    private static Map<String, Object> test(String title, String alert, Case c, List<Object> expected) {
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("name", title);
        test.put("interval", "1m");
        List<Object> series = new ArrayList<>();
        for (Series s : c.series()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("series", s.series());
            one.put("values", s.values());
            series.add(one);
        }
        test.put("input_series", series);
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("eval_time", c.evalTime());
        check.put("alertname", alert);
        check.put("exp_alerts", expected);
        test.put("alert_rule_test", List.of(check));
        return test;
    }

    /**
     * The alert rules of {@code stack}'s monitoring part in the given groups, in a stable order.
     *
     * @param backupIntervalHours the bundle's backup interval, if it has backups: the backup alerts need it
     */
    public static List<Rule> rules(Stack stack, OptionalInt backupIntervalHours, List<Group> groups) {
        Monitoring m = monitoring(stack);
        String kestraTarget = stack.kestra().serviceName() + ":" + KestraService.MANAGEMENT_PORT;
        List<Rule> all = new ArrayList<>();

        all.add(new Rule(Group.KESTRA, "KestraDown", "up{job=\"kestra\"} == 0", "2m", "critical",
                "Prometheus cannot scrape Kestra's metrics",
                "Kestra's management endpoint has not answered for 2 minutes: the Kestra process is down or restarting."
                        + " Check docker compose ps and the Kestra logs.",
                kase("5m", Map.of("job", "kestra", "instance", kestraTarget),
                        series("up{job=\"kestra\",instance=\"" + kestraTarget + "\"}", "0x10")),
                kase("5m", Map.of(), series("up{job=\"kestra\",instance=\"" + kestraTarget + "\"}", "1x10"))));

        int failed = m.failedExecutionsPerHour();
        all.add(new Rule(Group.KESTRA, "KestraExecutionsFailing",
                "sum(increase(kestra_executor_execution_end_count_total{state=\"FAILED\"}[1h])) > " + failed, "5m", "warning",
                "More than " + failed + " executions failed within an hour",
                "Kestra's executor ended more than " + failed + " executions in the FAILED state over the last hour"
                        + " (kestra_executor_execution_end_count_total). Look at the failed executions in the UI.",
                kase("30m", Map.of(), series(
                        "kestra_executor_execution_end_count_total{state=\"FAILED\",namespace_id=\"company.team\",flow_id=\"etl\"}",
                        "0+" + (failed + 1) + "x40")),
                kase("30m", Map.of(),
                        series("kestra_executor_execution_end_count_total{state=\"FAILED\",namespace_id=\"company.team\",flow_id=\"etl\"}", "0x40"),
                        series("kestra_executor_execution_end_count_total{state=\"SUCCESS\",namespace_id=\"company.team\",flow_id=\"etl\"}",
                                "0+" + (failed + 100) + "x40"))));

        int queue = m.taskQueueSeconds();
        all.add(new Rule(Group.KESTRA, "KestraTaskQueueSlow",
                "sum(rate(kestra_worker_queued_duration_seconds_sum[10m])) / sum(rate(kestra_worker_queued_duration_seconds_count[10m])) > "
                        + queue, "10m", "warning",
                "Tasks wait more than " + queue + " s for a worker",
                "Over the last 10 minutes, tasks waited on average more than " + queue + " seconds between being queued and"
                        + " a worker starting them (kestra_worker_queued_duration_seconds): executions lag behind."
                        + " Add worker threads or look for long-running tasks.",
                kase("30m", Map.of(),
                        series("kestra_worker_queued_duration_seconds_count", "0+1x40"),
                        series("kestra_worker_queued_duration_seconds_sum", "0+" + (2 * queue) + "x40")),
                kase("30m", Map.of(),
                        series("kestra_worker_queued_duration_seconds_count", "0+1x40"),
                        series("kestra_worker_queued_duration_seconds_sum", "0+" + number(queue / 2.0) + "x40"))));

        int backlog = m.workerBacklog();
        all.add(new Rule(Group.KESTRA, "KestraWorkerBacklog", "sum(kestra_worker_job_pending) > " + backlog, "10m", "warning",
                "More than " + backlog + " jobs wait in the workers",
                "More than " + backlog + " jobs have been pending in Kestra's workers for 10 minutes (kestra_worker_job_pending):"
                        + " the workers do not keep up.",
                kase("20m", Map.of(), series("kestra_worker_job_pending", (backlog + 1) + "x30")),
                kase("20m", Map.of(), series("kestra_worker_job_pending", backlog + "x30"))));

        double saturation = m.workerSaturation();
        all.add(new Rule(Group.KESTRA, "KestraWorkersSaturated",
                "sum(kestra_worker_job_running) / sum(kestra_worker_job_thread) >= " + number(saturation), "15m", "warning",
                "Kestra's worker threads are " + percent(saturation) + " busy",
                "At least " + percent(saturation) + " of the worker threads (kestra_worker_job_running over"
                        + " kestra_worker_job_thread) have been busy for 15 minutes: new tasks will queue.",
                kase("30m", Map.of(), series("kestra_worker_job_running", "8x40"), series("kestra_worker_job_thread", "8x40")),
                kase("30m", Map.of(), series("kestra_worker_job_running", "0x40"), series("kestra_worker_job_thread", "8x40"))));

        String ready = readinessUrl(stack);
        all.add(new Rule(Group.PROBES, "KestraNotReady", "probe_success{job=\"kestra-readiness\"} == 0", "5m", "critical",
                "Kestra is not ready",
                "Kestra's readiness endpoint has failed for 5 minutes: it runs but cannot serve (its database or queue"
                        + " is unreachable, or it is still starting).",
                kase("10m", Map.of("job", "kestra-readiness", "instance", ready),
                        series("probe_success{job=\"kestra-readiness\",instance=\"" + ready + "\"}", "0x15")),
                kase("10m", Map.of(), series("probe_success{job=\"kestra-readiness\",instance=\"" + ready + "\"}", "1x15"))));

        String pub = publicProbeUrl(stack);
        all.add(new Rule(Group.PROBES, "KestraPublicUrlDown", "probe_success{job=\"kestra-public\"} == 0", "5m", "critical",
                "Kestra's URL does not answer",
                "The probe of " + pub + " has failed for 5 minutes: users cannot reach Kestra (edge, DNS, certificate or"
                        + " Kestra itself).",
                kase("10m", Map.of("job", "kestra-public", "instance", pub),
                        series("probe_success{job=\"kestra-public\",instance=\"" + pub + "\"}", "0x15")),
                kase("10m", Map.of(), series("probe_success{job=\"kestra-public\",instance=\"" + pub + "\"}", "1x15"))));

        double latency = m.apiLatencySeconds();
        all.add(new Rule(Group.PROBES, "KestraPublicUrlSlow",
                "avg_over_time(probe_duration_seconds{job=\"kestra-public\"}[10m]) > " + number(latency), "10m", "warning",
                "Kestra's URL answers slower than " + number(latency) + " s",
                "The probe of " + pub + " took more than " + number(latency) + " seconds on average over 10 minutes.",
                kase("30m", Map.of("job", "kestra-public", "instance", pub),
                        series("probe_duration_seconds{job=\"kestra-public\",instance=\"" + pub + "\"}", number(2 * latency) + "x40")),
                kase("30m", Map.of(),
                        series("probe_duration_seconds{job=\"kestra-public\",instance=\"" + pub + "\"}", number(latency / 2) + "x40"))));

        int days = m.certificateDays();
        if (watchesCertificate(stack)) {
            all.add(new Rule(Group.PROBES, "KestraCertificateExpiring",
                    "probe_ssl_earliest_cert_expiry{job=\"kestra-public\"} - time() < " + days + " * 86400", "10m", "warning",
                    "The certificate of Kestra's URL expires within " + days + " days",
                    "The earliest certificate of the chain served at " + pub + " expires in less than " + days + " days:"
                            + " its renewal is failing. Check the edge's logs.",
                    kase("30m", Map.of("job", "kestra-public", "instance", pub),
                            series("probe_ssl_earliest_cert_expiry{job=\"kestra-public\",instance=\"" + pub + "\"}",
                                    (days - 1) * 86400L + "x40")),
                    kase("30m", Map.of(), series("probe_ssl_earliest_cert_expiry{job=\"kestra-public\",instance=\"" + pub + "\"}",
                            (days + 30) * 86400L + "x40"))));
        }

        String exporter = POSTGRES_EXPORTER + ":9187";
        all.add(new Rule(Group.POSTGRES, "PostgresDown", "pg_up == 0 or up{job=\"postgres\"} == 0", "2m", "critical",
                "PostgreSQL is down or unreachable",
                "The Postgres exporter cannot reach PostgreSQL, or the exporter itself is down, for 2 minutes: Kestra"
                        + " cannot keep its state.",
                kase("5m", Map.of("job", "postgres", "instance", exporter),
                        series("pg_up{job=\"postgres\",instance=\"" + exporter + "\"}", "0x10"),
                        series("up{job=\"postgres\",instance=\"" + exporter + "\"}", "1x10")),
                kase("5m", Map.of(), series("pg_up{job=\"postgres\",instance=\"" + exporter + "\"}", "1x10"),
                        series("up{job=\"postgres\",instance=\"" + exporter + "\"}", "1x10"))));

        double connections = m.postgresConnectionsRatio();
        all.add(new Rule(Group.POSTGRES, "PostgresConnectionsNearLimit",
                "sum(pg_stat_activity_count) / max(pg_settings_max_connections) > " + number(connections), "5m", "warning",
                "PostgreSQL connections above " + percent(connections) + " of max_connections",
                "More than " + percent(connections) + " of PostgreSQL's max_connections are in use: new Kestra or backup"
                        + " connections will soon be refused.",
                kase("10m", Map.of(), series("pg_stat_activity_count{datname=\"kestra\",state=\"idle\"}", "1000x15"),
                        series("pg_settings_max_connections", "1000x15")),
                kase("10m", Map.of(), series("pg_stat_activity_count{datname=\"kestra\",state=\"idle\"}",
                        (long) Math.floor(connections * 500) + "x15"), series("pg_settings_max_connections", "1000x15"))));

        String nodeTarget = NODE_EXPORTER + ":9100";
        String volume = VOLUMES_PATH + stack.postgres().volume();
        double free = m.diskFreeRatio();
        String nodeSelector = "{job=\"node\",mountpoint=~\"" + VOLUMES_PATH + ".+\"}";
        all.add(new Rule(Group.HOST, "VolumeSpaceLow",
                "node_filesystem_avail_bytes" + nodeSelector + " / node_filesystem_size_bytes" + nodeSelector + " < "
                        + number(free), "10m", "warning",
                "A volume has less than " + percent(free) + " free",
                "A file system holding one of the stack's volumes or backups has less than " + percent(free) + " of its"
                        + " space free: Postgres, Kestra's storage or the backups will fail when it is full.",
                kase("20m", Map.of("job", "node", "instance", nodeTarget, "mountpoint", volume),
                        series("node_filesystem_avail_bytes{job=\"node\",instance=\"" + nodeTarget + "\",mountpoint=\"" + volume + "\"}",
                                number(1e9 * free / 2) + "x30"),
                        series("node_filesystem_size_bytes{job=\"node\",instance=\"" + nodeTarget + "\",mountpoint=\"" + volume + "\"}",
                                "1000000000x30")),
                kase("20m", Map.of(),
                        series("node_filesystem_avail_bytes{job=\"node\",instance=\"" + nodeTarget + "\",mountpoint=\"" + volume + "\"}",
                                number(1e9 * (1 + free) / 2) + "x30"),
                        series("node_filesystem_size_bytes{job=\"node\",instance=\"" + nodeTarget + "\",mountpoint=\"" + volume + "\"}",
                                "1000000000x30"),
                        series("node_filesystem_avail_bytes{job=\"node\",instance=\"" + nodeTarget + "\",mountpoint=\"/\"}", "0x30"),
                        series("node_filesystem_size_bytes{job=\"node\",instance=\"" + nodeTarget + "\",mountpoint=\"/\"}",
                                "1000000000x30"))));

        if (backupIntervalHours.isPresent()) {
            int hours = backupMaxAgeHours(m, backupIntervalHours.getAsInt());
            long seconds = hours * 3600L;
            all.add(new Rule(Group.HOST, "BackupTooOld", "time() - max(" + BACKUP_METRIC + ") > " + seconds, "10m", "critical",
                    "The last successful backup is older than " + hours + " h",
                    "The backup service last wrote a dump more than " + hours + " hours ago (" + BACKUP_METRIC + "):"
                            + " pg_dump fails. Check docker compose logs backup.",
                    kase("15m", Map.of(), series(BACKUP_METRIC + "{job=\"node\",instance=\"" + nodeTarget + "\"}", "-" + seconds + "x20")),
                    kase("15m", Map.of(), series(BACKUP_METRIC + "{job=\"node\",instance=\"" + nodeTarget + "\"}", "0x20"))));
            all.add(new Rule(Group.HOST, "BackupNeverWritten",
                    "absent(" + BACKUP_METRIC + ") and on() (time() - max(process_start_time_seconds{job=\"prometheus\"})) > " + seconds,
                    "5m", "critical",
                    "No successful backup since Prometheus started " + hours + " h ago",
                    "Prometheus has been running for more than " + hours + " hours and has never seen " + BACKUP_METRIC
                            + ": the backup service never completed a dump, or the node exporter cannot read "
                            + TEXTFILE_DIR + ".",
                    kase("10m", Map.of(), series("process_start_time_seconds{job=\"prometheus\",instance=\"localhost:9090\"}",
                            "-" + seconds + "x15")),
                    kase("10m", Map.of(), series("process_start_time_seconds{job=\"prometheus\",instance=\"localhost:9090\"}",
                            "-" + seconds + "x15"), series(BACKUP_METRIC + "{job=\"node\",instance=\"" + nodeTarget + "\"}", "0x15"))));
        }

        all.add(new Rule(Group.MONITORING, "MonitoringTargetDown",
                "up{job=~\"prometheus|alertmanager|blackbox|node\"} == 0", "5m", "warning",
                "A monitoring service does not answer",
                "Prometheus cannot scrape one of the monitoring services for 5 minutes: the alerts that depend on it are"
                        + " blind.",
                kase("10m", Map.of("job", "node", "instance", nodeTarget), series("up{job=\"node\",instance=\"" + nodeTarget + "\"}", "0x15")),
                kase("10m", Map.of(), series("up{job=\"node\",instance=\"" + nodeTarget + "\"}", "1x15"),
                        series("up{job=\"kestra\",instance=\"" + kestraTarget + "\"}", "0x15"))));

        return all.stream().filter(r -> groups.contains(r.group())).toList();
    }

    private static Case kase(String evalTime, Map<String, String> labels, Series... series) {
        return new Case(List.of(series), evalTime, sorted(labels));
    }

    private static Map<String, String> sorted(Map<String, String> labels) {
        return new java.util.TreeMap<>(labels);
    }

    private static Series series(String selector, String values) {
        return new Series(selector, values);
    }

    /** A number as PromQL and promtool read it: plain decimal, no exponent, no trailing zeros. */
    public static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String percent(double ratio) {
        return number(ratio * 100) + "%";
    }

    private static Monitoring monitoring(Stack stack) {
        return Objects.requireNonNull(stack.monitoring().orElse(null), "the stack has no monitoring part");
    }
}
