package io.kestrastack.bundle;

import io.kestrastack.KestraService;
import io.kestrastack.PostgresService;
import io.kestrastack.Stack;
import io.kestrastack.internal.ShellText;
import io.kestrastack.internal.Yaml;
import io.kestrastack.render.MonitoringRenderer;
import io.kestrastack.render.RenderedFile;
import io.kestrastack.render.ServiceSpec;
import io.kestrastack.render.StackServices;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders the day-2 parts of a bundle: backup service, smoke-test flow, guides and {@code .gitignore}. */
final class DayTwo {

    static final String BACKUP_SERVICE = "backup";
    static final String BACKUP_DIR = "backups";
    static final String SMOKE_TEST_PATH = "flows/smoke-test.yaml";

    private DayTwo() {}

    /** The backup service: {@code pg_dump -Fc} in a loop, into {@code ./backups}, with retention. */
    static ServiceSpec backupService(Stack stack, Operations.Backups backups) {
        PostgresService pg = stack.postgres();
        int intervalSeconds = backups.intervalHours() * 3600;
        // Written for the shell in the container; the compose renderer doubles every $.
        boolean metrics = stack.monitoring().isPresent();
        // With monitoring, each successful dump also replaces the node exporter's textfile metric: written to a
        // temporary name the collector ignores (it reads *.prom only), made readable by the exporter's user, then
        // renamed over the old one, so a scrape never sees half a file.
        String prom = MonitoringRenderer.TEXTFILE_CONTAINER_PATH + "/kestra_backup.prom";
        String recordMetric = !metrics ? "" : " printf '# HELP " + MonitoringRenderer.BACKUP_METRIC
                + " Unix time of the last successful pg_dump.\\n# TYPE " + MonitoringRenderer.BACKUP_METRIC + " gauge\\n"
                + MonitoringRenderer.BACKUP_METRIC + " %s\\n' \"$(date +%s)\" > " + prom + ".tmp && chmod 644 " + prom
                + ".tmp && mv -f " + prom + ".tmp " + prom + " || echo \"could not write " + prom + "\" >&2;";
        String script = String.join("\n",
                "set -eu",
                "umask 077",
                "while true; do",
                "  file=\"/backups/${PGDATABASE}-$(date -u +%Y%m%dT%H%M%SZ).dump\"",
                "  if pg_dump -Fc -f \"$file.partial\"; then mv \"$file.partial\" \"$file\"; echo \"wrote $file\";" + recordMetric,
                "  else rm -f \"$file.partial\"; echo \"pg_dump failed\" >&2; fi",
                "  find /backups -name '*.dump' -type f -mtime +" + backups.retentionDays() + " -delete",
                "  sleep " + intervalSeconds,
                "done");
        int freshMinutes = backups.intervalHours() * 60 * 2;
        ServiceSpec.Builder b = ServiceSpec.builder(BACKUP_SERVICE, pg.image())
                .command(List.of("sh", "-c", script))
                .dependsOnHealthy(pg.serviceName(), "pg_dump needs a running server")
                .putLiteral("PGHOST", pg.serviceName())
                .putLiteral("PGUSER", pg.user())
                .putLiteral("PGDATABASE", pg.database())
                .putSecret("PGPASSWORD", pg.password(), StackServices.postgresPasswordPurpose(pg))
                .addMount(ServiceSpec.Mount.bind("./" + BACKUP_DIR, "/backups", false));
        if (metrics) {
            b.addMount(ServiceSpec.Mount.bind("./" + MonitoringRenderer.TEXTFILE_DIR, MonitoringRenderer.TEXTFILE_CONTAINER_PATH, false));
        }
        return b.healthCheck(new ServiceSpec.HealthCheck(
                        List.of("CMD-SHELL", "find /backups -name '*.dump' -mmin -" + freshMinutes + " | grep -q ."),
                        "5m", "30s", 3, "30m"))
                .build();
    }

    /**
     * Kestra's own {@code /ping} under the context path, as a task in the Kestra container reaches it: the
     * webserver's unauthenticated liveness route ({@code RootController}, listed in
     * {@code kestra.server.basic-auth.open-urls} of Kestra's default configuration).
     */
    static String pingUrl(Stack stack) {
        return "http://localhost:" + io.kestrastack.KestraService.HTTP_PORT + stack.contextPath().withTrailingSlash() + "ping";
    }

    /**
     * The URL the smoke test requests through the edge, if one can work from inside the Kestra container: a
     * URL the user set, or the public URL when the edge's certificate comes from a public CA and the host is
     * not local. A local or self-signed address neither resolves to the edge nor is trusted there.
     */
    static java.util.Optional<String> publicSmokeUrl(Stack stack, Operations.SmokeTest smoke) {
        if (smoke.url() != null) {
            return java.util.Optional.of(smoke.url());
        }
        boolean reachable = stack.edge().map(io.kestrastack.Edge::publiclyTrusted).orElse(false)
                && !stack.address().isLoopback();
        return reachable ? java.util.Optional.of(stack.kestraUrl() + "ping") : java.util.Optional.empty();
    }

    /**
     * {@code flows/smoke-test.yaml}: on a schedule, Kestra requests its own {@code /ping} from inside its
     * container and, where that can work, the public URL through the edge; each request retries with an
     * exponential backoff a bounded number of times, then a log line records the answers.
     */
    static RenderedFile smokeTestFlow(Stack stack, Operations.SmokeTest smoke) {
        String ping = pingUrl(stack);
        java.util.Optional<String> external = publicSmokeUrl(stack, smoke);
        Map<String, Object> flow = new LinkedHashMap<>();
        flow.put("id", "smoke-test");
        flow.put("namespace", smoke.namespace());
        flow.put("description", "Generated by kestra-stack. A successful run proves that the scheduler triggers"
                + " flows, a worker runs tasks, executions and logs reach PostgreSQL and the webserver answers ("
                + ping + ")" + external.map(u -> "; and that " + u + (smoke.url() != null ? " answers from inside the Kestra container"
                        : " resolves, has a trusted certificate and reaches Kestra through the edge")).orElse(
                        "; it does not test the edge, which a task inside the Kestra container cannot reach at a"
                                + " local or self-signed address: VERIFY.md checks that from outside") + ".");
        List<Object> tasks = new ArrayList<>();
        tasks.add(request("ping", ping));
        external.ifPresent(u -> tasks.add(request("public_url", u)));
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("id", "log_status");
        log.put("type", "io.kestra.plugin.core.log.Log");
        log.put("message", "{{ outputs.ping.uri }} answered {{ outputs.ping.code }}"
                + external.map(u -> "; {{ outputs.public_url.uri }} answered {{ outputs.public_url.code }}").orElse(""));
        tasks.add(log);
        flow.put("tasks", tasks);
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("id", "schedule");
        schedule.put("type", "io.kestra.plugin.core.trigger.Schedule");
        schedule.put("cron", smoke.cron());
        flow.put("triggers", List.of(schedule));
        return RenderedFile.of(SMOKE_TEST_PATH, Yaml.dump(flow));
    }

    /**
     * A GET of {@code url} that retries three times at most, waiting 10 s, then longer up to a minute
     * (Kestra's {@code exponential} retry: {@code interval}, {@code maxInterval}, {@code maxAttempts}), so a
     * restart does not fail the run and a real outage does not become a retry storm.
     */
    private static Map<String, Object> request(String id, String url) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", id);
        request.put("type", "io.kestra.plugin.core.http.Request");
        request.put("uri", url);
        request.put("method", "GET");
        Map<String, Object> retry = new LinkedHashMap<>();
        retry.put("type", "exponential");
        retry.put("interval", "PT10S");
        retry.put("maxInterval", "PT1M");
        retry.put("maxAttempts", 3);
        request.put("retry", retry);
        return request;
    }

    /** Path of the guide to script tasks. */
    static final String TASKS_GUIDE = "TASKS.md";

    /**
     * {@code TASKS.md}: how script tasks run in this stack, what the chosen mode costs, and the other two.
     * Script tasks default to Kestra's Docker task runner (Kestra docs, task runners), so without a Docker
     * daemon they fail unless a flow picks the Process runner ({@code io.kestra.plugin.core.runner.Process},
     * in io.kestra:core).
     */
    static RenderedFile tasksGuide(Stack stack) {
        KestraService k = stack.kestra();
        StringBuilder md = new StringBuilder("# Script tasks in this stack\n\n");
        md.append("Script tasks (Python, Shell, Node, ...) use Kestra's Docker task runner unless a flow chooses")
                .append(" another. This stack runs them with: **");
        switch (k.scriptTasks()) {
            case PROCESS_RUNNER -> md.append("the Process runner only** (no Docker daemon).\n\n")
                    .append("Every script task must say so, or it fails looking for Docker:\n\n")
                    .append("```yaml\n- id: hello\n  type: io.kestra.plugin.scripts.shell.Commands\n  taskRunner:\n")
                    .append("    type: io.kestra.plugin.core.runner.Process\n  commands:\n    - echo hello\n```\n\n")
                    .append("Tasks run as processes inside the Kestra container, as its non-root user, with the tools")
                    .append(" the image has. A flow's `pluginDefaults` can set the runner once for all its tasks.\n\n");
            case DOCKER_IN_DOCKER -> md.append("a rootless Docker-in-Docker sidecar** (`").append(io.kestrastack.render.StackServices.dindName(k))
                    .append("`, image `").append(k.dindImage().reference()).append("`).\n\n")
                    .append("Kestra reaches the sidecar's daemon at `DOCKER_HOST=unix:///dind/docker.sock`; the task")
                    .append(" directory `").append(k.tmpDirMount()).append("` is a volume mounted at the same path in both,")
                    .append(" so the files a task gets exist where its container looks. The daemon runs as an")
                    .append(" unprivileged user, but its container is `privileged: true` (rootless Docker needs user")
                    .append(" namespaces); a flow author controls containers of that daemon, not the host's.")
                    .append(" The socket and task directories are handed to uid 1000 by the `")
                    .append(io.kestrastack.render.StackServices.storageInitName(k))
                    .append("` service, which holds while the image's `kestra` user and the dind image's `rootless`")
                    .append(" user are both uid 1000.\n\n");
            case HOST_DOCKER_SOCKET -> md.append("the host's Docker socket** (`/var/run/docker.sock`, Kestra running as")
                    .append(" root).\n\n")
                    .append("**Trade-off:** every person who can create or edit a flow can start any container on the")
                    .append(" host's Docker daemon, with any host directory mounted: that is root on this host. Use this")
                    .append(" only when everyone with flow access is trusted with root. Files Kestra writes while it runs")
                    .append(" as root belong to root; switching this mode off hands the storage volume back to the")
                    .append(" `kestra` user at the next `docker compose up` (the storage-init service).\n\n");
            default -> throw new IllegalStateException(k.scriptTasks().toString());
        }
        md.append("## The three modes\n\n")
                .append("| mode | what it costs |\n|---|---|\n")
                .append("| Process runner only | no isolation between tasks and Kestra; tools must be in Kestra's image |\n")
                .append("| rootless Docker-in-Docker sidecar | a privileged container; image pulls and disk inside the sidecar |\n")
                .append("| host Docker socket | root on the host for every flow author |\n\n")
                .append("Change it with `KestraService.Builder.scriptTasks(...)` and regenerate.\n");
        return RenderedFile.of(TASKS_GUIDE, md.toString());
    }

    /** {@code .gitignore}: keeps secrets, dumps and transient state out of version control. */
    static RenderedFile gitignore() {
        return RenderedFile.of(".gitignore", String.join("\n",
                "# Generated by kestra-stack.",
                "# Secrets: never commit them.",
                ".env",
                ".env.*",
                "# Database dumps and local data.",
                BACKUP_DIR + "/",
                "data/",
                "*.dump",
                "# Transient state of an interrupted write.",
                ".kestra-stack/staging/",
                ".kestra-stack/previous/",
                ""));
    }

    /** {@code BACKUP.md}: how backups run, how to restore, and what else needs backing up. */
    static RenderedFile backupGuide(Stack stack, Operations.Backups backups) {
        PostgresService pg = stack.postgres();
        KestraService k = stack.kestra();
        StringBuilder md = new StringBuilder();
        md.append("# Backups and restore\n\n");
        md.append("The `").append(BACKUP_SERVICE).append("` service runs `pg_dump -Fc` every ")
                .append(backups.intervalHours()).append(" hour(s) into `./").append(BACKUP_DIR)
                .append("/` and deletes dumps older than ").append(backups.retentionDays()).append(" days.\n")
                .append("It reports unhealthy when no dump is younger than twice the interval.\n\n");
        md.append("Copy `./").append(BACKUP_DIR).append("/` and `.env` off this host: a dump on the same disk is not a backup.\n\n");
        md.append("## Also back up\n\n");
        if (k.storage() instanceof io.kestrastack.InternalStorage.Local local) {
            md.append("- Kestra's internal storage, the `").append(local.volume())
                    .append("` volume (flow files, namespace files, inputs and outputs). The dump does not contain it:\n\n")
                    .append("  ```sh\n  docker run --rm -v ").append(sh(stack.name() + "_" + local.volume() + ":/data"))
                    .append(" -v \"$PWD/").append(BACKUP_DIR).append(":/backups\" ").append(sh(pg.image().reference()))
                    .append(" tar -czf /backups/storage-$(date -u +%Y%m%dT%H%M%SZ).tar.gz -C /data .\n  ```\n");
        } else {
            md.append("- Kestra's internal storage (").append(k.storage().type())
                    .append("): use the provider's versioning or replication; the dump does not contain it.\n");
        }
        md.append("- `.env`: Postgres reads its password only when the data directory is first created, and the")
                .append(" encryption key must match the database.\n\n");
        md.append("## Restore\n\n");
        md.append("```sh\n");
        md.append("docker compose stop ").append(sh(k.serviceName())).append('\n');
        md.append("docker compose exec -T ").append(sh(pg.serviceName())).append(" pg_restore --clean --if-exists -U ")
                .append(sh(pg.user())).append(" -d ").append(sh(pg.database())).append(" < ").append(BACKUP_DIR)
                .append("/<file>.dump\n");
        md.append("docker compose start ").append(sh(k.serviceName())).append('\n');
        md.append("```\n\n");
        md.append("Restore into a stack whose `.env` holds the same secrets as the one that made the dump.\n");
        return RenderedFile.of("BACKUP.md", md.toString());
    }

    /** {@code VERIFY.md}: commands, from the model, that check a running stack. */
    static RenderedFile verifyGuide(Stack stack, Operations ops) {
        PostgresService pg = stack.postgres();
        KestraService k = stack.kestra();
        String url = stack.kestraUrl();
        boolean selfSigned = stack.edge().isPresent() && stack.address().isLoopback()
                && stack.address().scheme() == io.kestrastack.Scheme.HTTPS;
        String curl = selfSigned ? "curl -k" : "curl";
        StringBuilder md = new StringBuilder();
        md.append("# Verify the running stack\n\n");
        md.append("Run these from this directory on the Docker host after `docker compose up -d`.");
        if (selfSigned) {
            md.append(" `-k` is there because a local host gets a certificate from the edge's own CA.");
        }
        md.append("\n\n");
        List<String> before = stack.edge().map(e -> e.beforeFirstStart(stack.edgeContext())).orElse(List.of());
        if (!before.isEmpty()) {
            md.append("Before the first `docker compose up -d`, the edge needs what these create (its configuration names")
                    .append(" files that do not exist yet, and it does not start without them):\n\n   ```sh\n");
            before.forEach(command -> md.append("   ").append(command).append('\n'));
            md.append("   ```\n\n");
        }
        md.append("1. Every service is up and healthy (Kestra needs about 90 s on first start):\n\n")
                .append("   ```sh\n   docker compose ps\n   ```\n\n");
        md.append("2. PostgreSQL accepts connections:\n\n")
                .append("   ```sh\n   docker compose exec ").append(sh(pg.serviceName())).append(" pg_isready -U ")
                .append(sh(pg.user())).append(" -d ").append(sh(pg.database())).append("\n   ```\n\n");
        md.append("3. Kestra is ready (management port ").append(KestraService.MANAGEMENT_PORT)
                .append(", reachable only inside the Compose network):\n\n")
                .append("   ```sh\n   docker compose exec ").append(sh(k.serviceName())).append(" curl -fsS ")
                .append(sh(stack.managementUrl("health/readiness"))).append("\n   ```\n\n");
        md.append("4. The public URL answers").append(stack.address().scheme() == io.kestrastack.Scheme.HTTPS
                ? " over HTTPS" : "").append(":\n\n")
                .append("   ```sh\n   ").append(curl).append(" -sS -o /dev/null -w '%{http_code}\\n' ").append(sh(url + "ui/"))
                .append("\n   ```\n\n   Expect `200`.\n\n");
        md.append("5. The API refuses anonymous calls and accepts the basic-auth user:\n\n")
                .append("   ```sh\n   ").append(curl).append(" -sS -o /dev/null -w '%{http_code}\\n' ")
                .append(sh(url + "api/v1/main/flows/search")).append('\n')
                .append("   set -a; . ./.env; set +a\n   ")
                .append(curl).append(" -sS -o /dev/null -w '%{http_code}\\n' -u ").append(credentials(k)).append(' ')
                .append(sh(url + "api/v1/main/flows/search")).append("\n   ```\n\n   Expect `401`, then `200`.\n\n");
        stack.edge().ifPresent(edge -> md.append("6. The edge accepts its configuration:\n\n").append("   ```sh\n   ")
                .append(edge.kind().equals("nginx") ? "docker compose exec " + sh(edge.serviceName()) + " nginx -t"
                        : "docker compose exec " + sh(edge.serviceName()) + " caddy validate --config /etc/caddy/Caddyfile"
                                + " --adapter caddyfile")
                .append("\n   ```\n\n"));
        ops.smokeTest().ifPresent(smoke -> md.append("- Kestra loads `./flows/` at every start (`server standalone --flow-path ")
                .append(io.kestrastack.render.StackServices.FLOWS_CONTAINER_PATH).append("`, mounted read-only). A file")
                .append(" whose content did not change makes no new revision; a changed file makes one, and replaces edits made")
                .append(" in the UI; a flow that fails to parse is logged and skipped while Kestra starts anyway, so check")
                .append(" that the smoke test was loaded:\n\n")
                .append("   ```sh\n   ").append(curl).append(" -sS -o /dev/null -w '%{http_code}\\n' -u ")
                .append(credentials(k)).append(' ')
                .append(sh(url + "api/v1/main/flows/" + smoke.namespace() + "/smoke-test")).append('\n')
                .append("   ```\n\n   Expect `200`. It runs on the schedule `").append(smoke.cron())
                .append("`; a successful run proves that the scheduler, a worker and PostgreSQL work and that the webserver")
                .append(" answers ").append(pingUrl(stack))
                .append(publicSmokeUrl(stack, smoke).map(u -> ", and that " + u + " is reachable and trusted from inside the"
                        + " Kestra container").orElse("; it cannot test the edge from inside the container, which step 4 does"))
                .append(".\n\n"));
        ops.backups().ifPresent(b -> md.append("- The first database dump is in `./").append(BACKUP_DIR)
                .append("/` a minute after start: `ls -l ").append(BACKUP_DIR).append("/`\n\n"));
        md.append("- Logs, when something is not healthy:\n\n").append("   ```sh\n   docker compose logs --tail=200 ")
                .append(sh(k.serviceName())).append(' ').append(sh(pg.serviceName()))
                .append(stack.edge().map(e -> " " + sh(e.serviceName())).orElse("")).append("\n   ```\n");
        stack.monitoring().ifPresent(m -> {
            md.append('\n');
            monitoringSection(md, stack, m, ops);
        });
        return RenderedFile.of("VERIFY.md", md.toString());
    }

    /**
     * The monitoring part of {@code VERIFY.md}: what to watch first, each signal named by the alert that reports it,
     * and how to see that Prometheus scrapes every target and that the rules' unit tests pass.
     */
    private static void monitoringSection(StringBuilder md, Stack stack, io.kestrastack.Monitoring m, Operations ops) {
        md.append("## What to watch first\n\n")
                .append("Prometheus evaluates `").append(MonitoringRenderer.RULES).append("` and Alertmanager sends what fires to the ")
                .append(m.receiver() instanceof io.kestrastack.Monitoring.Webhook ? "webhook" : "e-mail address")
                .append(" in `").append(MonitoringRenderer.ALERTMANAGER_CONFIG).append("`. In order of urgency:\n\n")
                .append("1. Kestra up and ready: `KestraDown`, `KestraNotReady`.\n")
                .append("2. Users reach it: `KestraPublicUrlDown`, `KestraPublicUrlSlow` (over ")
                .append(MonitoringRenderer.number(m.apiLatencySeconds())).append(" s)")
                .append(MonitoringRenderer.watchesCertificate(stack) ? ", `KestraCertificateExpiring` (within "
                        + m.certificateDays() + " days)" : "")
                .append(".\n")
                .append("3. PostgreSQL: `PostgresDown`, `PostgresConnectionsNearLimit`.\n")
                .append("4. Work gets done: `KestraExecutionsFailing` (more than ").append(m.failedExecutionsPerHour())
                .append(" failed in an hour), `KestraTaskQueueSlow`, `KestraWorkerBacklog`, `KestraWorkersSaturated`.\n")
                .append("5. Recovery is possible: ").append(ops.backups().isPresent() ? "`BackupTooOld`, `BackupNeverWritten`, " : "")
                .append("`VolumeSpaceLow`.\n")
                .append("6. The monitoring itself: `MonitoringTargetDown`.\n\n")
                .append("Every target is scraped (expect `up` 1 for each job):\n\n   ```sh\n   docker compose exec prometheus wget -qO- ")
                .append(sh("http://localhost:9090/api/v1/query?query=up")).append("\n   ```\n\n")
                .append("The rules' unit tests pass (each alert fires on one series and stays quiet on another; run them")
                .append(" again after changing a threshold):\n\n   ```sh\n   docker compose exec prometheus promtool test rules")
                .append(" /etc/prometheus/alerts.test.yml\n   ```\n");
    }

    /** A model value as one word of a shell line: the one shell escaper, never raw text. */
    private static String sh(String value) {
        return ShellText.arg(value);
    }

    /** {@code user:$PASSWORD_VARIABLE} for curl {@code -u}: the user single-quoted, the variable expanded. */
    private static String credentials(KestraService k) {
        return ShellText.arg(k.basicAuth().username() + ":") + "\"$" + k.basicAuth().password().variable() + "\"";
    }
}
