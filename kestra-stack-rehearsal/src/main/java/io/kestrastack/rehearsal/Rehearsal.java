package io.kestrastack.rehearsal;

import io.kestrastack.internal.Yaml;
import io.kestrastack.rehearsal.ComposeProject.Healthcheck;
import io.kestrastack.rehearsal.ComposeProject.Mount;
import io.kestrastack.rehearsal.ComposeProject.Port;
import io.kestrastack.rehearsal.ComposeProject.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Plays Compose's part for one bundle directory: resolves it with the real parser, starts the services in
 * {@code depends_on} order in private namespaces, runs each healthcheck as Compose does, then checks through
 * the edge what the bundle promises, and the backup and restore. {@link #run()} throws {@link RehearsalFailure}
 * naming the first assertion that does not hold; everything started is stopped in every case.
 *
 * <p>Deviations from Docker, each reported in the output: Debian's PostgreSQL (the machine's major) stands in
 * for the rendered {@code postgres} image; a stand-in on the real Micronaut server stands in for Kestra;
 * healthcheck intervals are scaled by {@code timeScale} (at most 2 s), start periods too but not below 20 s,
 * timeouts and retries are kept; published UDP ports are not carried.
 */
public final class Rehearsal {

    /** Default factor applied to healthcheck intervals and start periods. */
    public static final double DEFAULT_TIME_SCALE = 0.1;

    private final Path bundle;
    private final Log log;
    private final double timeScale;
    private final boolean keep;
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> envs = new LinkedHashMap<>();
    private final Map<String, String> seeded = new LinkedHashMap<>();
    private @Nullable Sandbox sandbox;
    private @Nullable ComposeProject project;
    private @Nullable KestraConfig kestraConfig;
    private @Nullable Path copy;
    private final Set<String> published = new LinkedHashSet<>();
    private final List<Path> certificates = new ArrayList<>();
    private final List<Path> generatedCertificates = new ArrayList<>();

    /**
     * Prepares a rehearsal of {@code bundle}; nothing runs until {@link #run()}.
     *
     * @param bundle the bundle directory (it is copied, never changed)
     * @param log the report
     * @param timeScale factor for healthcheck intervals and start periods
     * @param keep whether to keep the scratch directory
     */
    public Rehearsal(Path bundle, Log log, double timeScale, boolean keep) {
        this.bundle = bundle;
        this.log = log;
        this.timeScale = timeScale;
        this.keep = keep;
    }

    /** Runs the whole rehearsal; throws {@link RehearsalFailure} on the first assertion that fails. */
    public void run() {
        run(stack -> { });
    }

    /**
     * Runs the whole rehearsal and, once every check from outside has passed and before the backup is restored,
     * hands the running stack to {@code whileUp}. Whatever it throws fails the rehearsal; the stack is torn down in
     * every case.
     *
     * @param whileUp what to do with the stack while it is up
     */
    public void run(Consumer<RunningStack> whileUp) {
        for (String p : List.of("docker-compose", "ip", "unshare", "nsenter", "setpriv", "socat", "openssl", "curl", "wget",
                "pg_dump", "psql")) {
            Programs.require(p);
        }
        Programs.postgresBin();
        Thread hook = new Thread(this::closeQuietly, "rehearsal-teardown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Path copy = copyBundle();
            this.copy = copy;
            ComposeProject p = ComposeProject.resolve(copy, log);
            project = p;
            log.pass("compose: docker-compose config resolved " + p.services().size() + " services "
                    + p.services().stream().map(Service::name).toList());
            Service kestra = kestraService(p);
            KestraConfig config = KestraConfig.read(kestra, copy);
            kestraConfig = config;
            URI url = config.publicUrl();
            log.note("kestra: public URL " + url + ", context path '" + config.contextPath() + "', configuration delivered "
                    + config.delivery());
            prepareCertificates(p, copy, url.getHost());
            sandbox = new Sandbox(p.services().stream().map(Service::name).toList(), List.of(url.getHost()), log, keep);
            for (Service s : order(p)) {
                start(s);
            }
            checkFromOutside(p, kestra, config);
            checkMonitoring(p);
            whileUp.accept(new Running(url));
            backupAndRestore(project(), copy, kestraService(project()));
        } finally {
            closeQuietly();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
        }
    }

    private synchronized void closeQuietly() {
        Sandbox s = sandbox;
        sandbox = null;
        if (s != null) {
            s.close();
        }
    }

    private Path copyBundle() {
        if (!Files.isDirectory(bundle)) {
            throw new RehearsalFailure("bundle: " + bundle + " is not a directory");
        }
        try {
            Path dest = Files.createTempDirectory("ks-rehearsal-bundle-");
            Path target = dest.resolve(bundle.toAbsolutePath().normalize().getFileName().toString());
            Exec.Result r = Exec.run(List.of("cp", "-a", bundle.toAbsolutePath().normalize().toString(), target.toString()),
                    Map.of(), dest, Duration.ofSeconds(60));
            if (!r.ok()) {
                throw new RehearsalFailure("bundle: cannot copy " + bundle + ": " + r.output());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> Exec.run(List.of("rm", "-rf", dest.toString()), Map.of(),
                    Path.of("/"), Duration.ofSeconds(30))));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Service kestraService(ComposeProject p) {
        return p.services().stream().filter(s -> s.imageName().equals("kestra/kestra") && s.entrypoint().isEmpty()
                && !s.command().isEmpty() && s.command().get(0).equals("server")).findFirst()
                .orElseThrow(() -> new RehearsalFailure("compose: no service runs the kestra/kestra image with `server ...`"));
    }

    /** Services in an order where each comes after everything it depends on (file order otherwise). */
    static List<Service> order(ComposeProject p) {
        List<Service> out = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (Service s : p.services()) {
            visit(p, s, done, visiting, out);
        }
        return out;
    }

    private static void visit(ComposeProject p, Service s, Set<String> done, Set<String> visiting, List<Service> out) {
        if (done.contains(s.name())) {
            return;
        }
        if (!visiting.add(s.name())) {
            throw new RehearsalFailure("compose: depends_on cycle through " + s.name());
        }
        for (String d : s.dependsOn().keySet()) {
            visit(p, p.service(d), done, visiting, out);
        }
        done.add(s.name());
        out.add(s);
    }

    // ---------------------------------------------------------------- services

    private void start(Service s) {
        Sandbox box = sandbox();
        for (Map.Entry<String, String> d : s.dependsOn().entrySet()) {
            Service dep = project().service(d.getKey());
            switch (d.getValue()) {
                case "service_healthy" -> {
                    if (dep.healthcheck().isEmpty()) {
                        throw new RehearsalFailure(s.name() + ": depends on " + dep.name()
                                + " being healthy, but " + dep.name() + " has no healthcheck");
                    }
                }
                case "service_completed_successfully" -> {
                    Process dp = running.get(dep.name());
                    long t0 = System.nanoTime();
                    try {
                        int code = dp == null ? -1 : dp.waitFor();
                        if (code != 0) {
                            throw new RehearsalFailure(s.name() + ": depends on " + dep.name()
                                    + " completing successfully, but it exited " + code + "\n" + box.logTail(dep.name(), 2000));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new RehearsalFailure("interrupted");
                    }
                    log.pass(dep.name() + ": completed successfully (" + (System.nanoTime() - t0) / 1_000_000 + " ms wait)");
                }
                default -> {
                    // service_started: started already, services start in order
                }
            }
        }
        Sandbox.Launch launch = launch(s);
        envs.put(s.name(), launch.env());
        long t0 = System.nanoTime();
        Process p = box.start(launch);
        running.put(s.name(), p);
        for (Port port : s.ports()) {
            if (port.protocol().equals("tcp")) {
                // A service started again keeps its address: the forwarder of its first start still serves it.
                if (published.add(port.hostIp() + ":" + port.published())) {
                    box.publish(s.name(), port.hostIp(), port.published(), port.target());
                }
            } else {
                log.note(s.name() + ": published " + port.protocol() + " port " + port.published() + " not carried");
            }
        }
        log.pass(s.name() + ": started (" + s.image() + ", " + String.join(" ", launch.argv()) + ")");
        boolean someoneWaitsHealthy = project().services().stream()
                .anyMatch(o -> "service_healthy".equals(o.dependsOn().get(s.name())));
        Optional<Healthcheck> hc = s.healthcheck();
        if (hc.isPresent() && (someoneWaitsHealthy || !isLongPeriod(hc.get()))) {
            awaitHealthy(s, hc.get(), p, t0);
        }
        if (isPostgres(s) && s.command().isEmpty() && !seeded.containsKey(s.name())) {
            seed(s, p);
        }
        KestraConfig config = kestraConfig;
        if (config != null && s.equals(kestraService(project()))) {
            if (!config.localStorage().isEmpty()) {
                storageWritable(s, p, config.localStorage());
            }
            flowPath(s, p);
        }
    }

    /**
     * The Kestra image runs as user {@code kestra}, uid 1000 (kestra Dockerfile {@code USER kestra}; uid 1000 in the
     * 2.x images): local storage must be writable by that uid, whatever makes it so.
     */
    private void storageWritable(Service s, Process p, String basePath) {
        Exec.Result r = sandbox().exec(p, List.of("setpriv", "--reuid=1000", "--regid=1000", "--clear-groups", "/bin/sh", "-c",
                "f=\"$0/.rehearsal-write-test\" && : > \"$f\" && rm \"$f\"", basePath), envs.get(s.name()),
                Duration.ofSeconds(20), null);
        check(r.ok(), s.name() + ": local storage " + basePath + " is writable by the image's user kestra (uid 1000)",
                r.output() + " (owner " + owner(s, basePath) + ")");
    }

    private String owner(Service s, String path) {
        Exec.Result r = sandbox().exec(running.get(s.name()), List.of("stat", "-c", "%u:%g %a", path), envs.get(s.name()),
                Duration.ofSeconds(10), null);
        return r.output();
    }

    private static boolean isLongPeriod(Healthcheck h) {
        return h.startPeriod().compareTo(Duration.ofMinutes(10)) > 0;
    }

    private static boolean isPostgres(Service s) {
        return s.imageName().equals("postgres");
    }

    private Sandbox.Launch launch(Service s) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", "/root");
        env.put("HOSTNAME", s.name());
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Mount m : s.mounts()) {
            Path src;
            if (m.named()) {
                src = sandbox().work().resolve("volumes").resolve(m.source());
            } else {
                src = Path.of(m.source());
            }
            try {
                if (!Files.exists(src)) {
                    // Docker creates a missing bind source as a directory; a named volume starts empty.
                    Files.createDirectories(src);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            mounts.put(m.target(), src + (m.readOnly() ? ":ro" : ""));
        }
        String image = s.imageName();
        List<String> argv;
        String workdir = "/";
        String setup = "";
        @Nullable String user = s.user().orElse(null);
        if (image.equals("postgres")) {
            // The image's environment (docker-library/postgres Dockerfile: PATH with the server binaries, PGDATA);
            // Debian's server of this machine stands in for the rendered major.
            String major = s.imageTag().replaceAll("[^0-9].*", "");
            int m = major.isEmpty() ? 18 : Integer.parseInt(major);
            env.put("PATH", Programs.postgresBin() + ":" + env.get("PATH"));
            env.put("PGDATA", m >= 18 ? "/var/lib/postgresql/" + m + "/docker" : "/var/lib/postgresql/data");
            env.putAll(s.environment());
            if (s.entrypoint().isEmpty() && (s.command().isEmpty() || s.command().get(0).equals("postgres"))) {
                sandbox().write("postgres-entrypoint.sh", PostgresEntrypoint.SCRIPT);
                argv = List.of("/bin/sh", "/ks/postgres-entrypoint.sh");
                log.note(s.name() + ": " + s.image() + " rehearsed with Debian's PostgreSQL at " + Programs.postgresBin()
                        + ", initialised as the official image does (PGDATA " + env.get("PGDATA") + ")");
            } else {
                argv = concat(s.entrypoint(), s.command());
            }
        } else if (image.equals("kestra/kestra")) {
            env.putAll(s.environment());
            // Kestra's VersionProvider answers the version built into the image; the stand-in has no image, so it
            // is told the tag (its configuration endpoint answers it as Kestra's MiscController does).
            env.put("KESTRA_STANDIN_IMAGE_TAG", s.imageTag());
            workdir = "/app";
            setup = imageUsers(s.name()) + "\n";
            if (s.entrypoint().isEmpty()) {
                sandbox().write("kestra", kestraLauncher());
                setup += "ensure /app/confs dir; ensure /app/kestra file; mount --bind '" + sandbox().work().resolve("files/kestra")
                        + "' \"$R/app/kestra\"";
                // The image's ENTRYPOINT docker-entrypoint.sh does `exec /app/kestra "$@"`.
                argv = concat(List.of("/bin/sh", "/app/kestra"), s.command());
                if (s.environment().containsKey("JAVA_OPTS")) {
                    log.note(s.name() + ": JAVA_OPTS of the bundle (" + s.environment().get("JAVA_OPTS")
                            + ") not applied: the stand-in runs with a 192 MB heap");
                }
                log.note(s.name() + ": " + s.image() + " rehearsed by the Micronaut stand-in (its launcher writes"
                        + " KESTRA_CONFIGURATION to /app/confs/application.yml and sets MICRONAUT_CONFIG_FILES, as Kestra's does)");
            } else {
                // A one-shot command on the Kestra image runs as the image's user unless `user:` says otherwise.
                argv = concat(s.entrypoint(), s.command());
                if (s.user().isEmpty()) {
                    user = "1000:1000";
                }
                log.note(s.name() + ": runs its own command on " + s.image() + " for real (as " + s.user().orElse("uid 1000, the image's user kestra")
                        + ") with its volumes at their container paths");
            }
        } else if (image.equals("nginx")) {
            env.putAll(s.environment());
            log.note(s.name() + ": " + s.image() + " rehearsed with this machine's " + version("nginx", "-v"));
            // nginx image: CMD ["nginx", "-g", "daemon off;"]
            argv = s.command().isEmpty() && s.entrypoint().isEmpty() ? List.of("nginx", "-g", "daemon off;")
                    : concat(s.entrypoint(), s.command());
        } else if (image.equals("caddy")) {
            // caddy image: XDG_CONFIG_HOME=/config, XDG_DATA_HOME=/data,
            // CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]
            env.put("XDG_CONFIG_HOME", "/config");
            env.put("XDG_DATA_HOME", "/data");
            env.putAll(s.environment());
            log.note(s.name() + ": " + s.image() + " rehearsed with this machine's caddy " + version("caddy", "version"));
            argv = s.command().isEmpty() && s.entrypoint().isEmpty()
                    ? List.of("caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile")
                    : concat(s.entrypoint(), s.command());
        } else if (PrometheusImages.of(image).isPresent()) {
            PrometheusImages.Image pi = PrometheusImages.of(image).get();
            env.putAll(s.environment());
            argv = PrometheusImages.argv(pi, s.entrypoint(), s.command());
            if (user == null) {
                user = pi.user();
            }
            for (Mount m : s.mounts()) {
                if (m.named() && pi.ownedDirs().contains(m.target())) {
                    // Docker fills an empty named volume from the image's directory, owner included.
                    Path v = sandbox().work().resolve("volumes").resolve(m.source());
                    Exec.Result r = Exec.run(List.of("chown", pi.user(), v.toString()), Map.of(), Path.of("/"), Duration.ofSeconds(10));
                    if (!r.ok()) {
                        throw new RehearsalFailure(s.name() + ": cannot hand volume " + m.source() + " to " + pi.user() + ": " + r.output());
                    }
                }
            }
            workdir = pi.ownedDirs().isEmpty() ? "/" : pi.ownedDirs().get(0);
            log.note(s.name() + ": " + s.image() + " rehearsed with this machine's " + pi.program() + " ("
                    + version(pi.program(), "--version") + "), as the image's user " + pi.user());
        } else {
            env.putAll(s.environment());
            if (s.command().isEmpty() && s.entrypoint().isEmpty()) {
                throw new RehearsalFailure(s.name() + ": cannot rehearse image " + s.image() + " without a command");
            }
            argv = concat(s.entrypoint(), s.command());
        }
        if (user != null && (user.equals("root") || user.equals("0") || user.startsWith("0:") || user.startsWith("root:"))) {
            user = null;
        }
        if (!generatedCertificates.isEmpty()) {
            setup += "\n" + trustGeneratedCertificates();
        }
        return new Sandbox.Launch(s.name(), argv, env, mounts, workdir, user, setup);
    }

    /**
     * A test certificate stands for one a public CA signed, so every service trusts it as it would trust that CA: the
     * machine's CA bundle plus the test certificates is bound over {@code /etc/ssl/certs/ca-certificates.crt} (where
     * Debian's OpenSSL, curl and Go's crypto/x509 look) inside each service. A blackbox probe of the public URL then
     * verifies the edge's certificate as in production.
     */
    private String trustGeneratedCertificates() {
        try {
            Path system = Path.of("/etc/ssl/certs/ca-certificates.crt");
            StringBuilder bundle = new StringBuilder(Files.exists(system) ? Files.readString(system) : "");
            for (Path cert : generatedCertificates) {
                bundle.append('\n').append(Files.readString(cert));
            }
            Path file = sandbox().write("ca-certificates.crt", bundle.toString());
            return "ensure /etc/ssl/certs/ca-certificates.crt file; mount --bind '" + file + "' \"$R/etc/ssl/certs/ca-certificates.crt\"";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The Kestra image's own user: its Dockerfile creates group and user {@code kestra} ({@code groupadd kestra &&
     * useradd -m -g kestra kestra}), uid and gid 1000 in the 2.x images. The service sees this machine's
     * /etc/passwd and /etc/group with that user added (private copies bound over them), so that commands such
     * as {@code chown kestra:kestra} resolve the name as in the image.
     */
    private String imageUsers(String service) {
        try {
            String passwd = Files.readString(Path.of("/etc/passwd"));
            String group = Files.readString(Path.of("/etc/group"));
            if (!passwd.lines().anyMatch(l -> l.startsWith("kestra:"))) {
                passwd += "kestra:x:1000:1000:kestra:/home/kestra:/bin/sh\n";
            }
            if (!group.lines().anyMatch(l -> l.startsWith("kestra:"))) {
                group += "kestra:x:1000:\n";
            }
            Path pw = sandbox().write("passwd-" + service, passwd);
            Path gr = sandbox().write("group-" + service, group);
            return "mount --bind '" + pw + "' \"$R/etc/passwd\"; mount --bind '" + gr + "' \"$R/etc/group\"";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code --flow-path DIR}: the directory Kestra loads flows from holds the bundle's flows and is read-only. */
    private void flowPath(Service s, Process p) {
        int i = s.command().indexOf("--flow-path");
        if (i < 0 || i + 1 >= s.command().size()) {
            return;
        }
        String dir = s.command().get(i + 1);
        Exec.Result ls = sandbox().exec(p, List.of("/bin/sh", "-c", "ls -1 \"$0\"", dir), envs.get(s.name()),
                Duration.ofSeconds(10), null);
        check(ls.ok() && !ls.stdout().isBlank(), s.name() + ": --flow-path " + dir + " holds the bundle's flows ("
                + ls.stdout().strip().replace('\n', ' ') + ")", ls.output());
        Exec.Result touch = sandbox().exec(p, List.of("/bin/sh", "-c", ": > \"$0/.rehearsal-write-test\"", dir),
                envs.get(s.name()), Duration.ofSeconds(10), null);
        check(!touch.ok(), s.name() + ": --flow-path " + dir + " is read-only inside the container", touch.output());
    }

    private static String version(String program, String flag) {
        Exec.Result r = Exec.run(List.of(Programs.require(program).toString(), flag), Map.of(), Path.of("/"),
                Duration.ofSeconds(20));
        return r.output().lines().findFirst().orElse("?").strip();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private String kestraLauncher() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        return "#!/bin/sh\n"
                + "# Stands for /app/kestra. Its first lines do what Kestra's launcher (gradle/jar/selfrun.sh) does:\n"
                + "KESTRA_CONFIGURATION_PATH=${KESTRA_CONFIGURATION_PATH:-/app/confs}\n"
                + "if [ \"${KESTRA_CONFIGURATION}\" ]; then\n"
                + "    echo \"${KESTRA_CONFIGURATION}\" > \"${KESTRA_CONFIGURATION_PATH}/application.yml\"\n"
                + "    export MICRONAUT_CONFIG_FILES=\"${KESTRA_CONFIGURATION_PATH}/application.yml\"\n"
                + "fi\n"
                + "exec '" + java + "' -Xmx192m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -cp '" + cp
                + "' io.kestrastack.rehearsal.standin.KestraStandIn \"$@\"\n";
    }

    private void awaitHealthy(Service s, Healthcheck h, Process p, long startedAt) {
        Duration interval = scale(h.interval(), Duration.ofSeconds(2));
        // Start periods are scaled too, but not below 20 s (or the rendered value when it is shorter): a loaded
        // machine needs that long to initialise PostgreSQL or start a JVM, and a start period only forgives failures.
        Duration startPeriod = scale(h.startPeriod(), h.startPeriod());
        Duration floor = h.startPeriod().compareTo(Duration.ofSeconds(20)) < 0 ? h.startPeriod() : Duration.ofSeconds(20);
        if (startPeriod.compareTo(floor) < 0) {
            startPeriod = floor;
        }
        Map<String, String> env = envs.get(s.name());
        int failures = 0;
        String last = "(no probe ran)";
        int probes = 0;
        while (true) {
            sleep(interval);
            if (!p.isAlive()) {
                throw new RehearsalFailure(s.name() + ": exited " + p.exitValue() + " before turning healthy\n"
                        + sandbox().logTail(s.name(), 3000));
            }
            if (!Sandbox.ready(p)) {
                continue;
            }
            probes++;
            Exec.Result r = sandbox().exec(p, h.argv(), env, h.timeout(), null);
            last = "exit " + r.exitCode() + ": " + r.output();
            if (r.ok()) {
                log.pass(String.format("%s: healthy after %d ms (%d probes of healthcheck %s; interval %d ms, start period"
                        + " %d ms scaled from %s/%s)", s.name(), (System.nanoTime() - startedAt) / 1_000_000, probes, h,
                        interval.toMillis(), startPeriod.toMillis(), h.interval(), h.startPeriod()));
                return;
            }
            boolean inStart = System.nanoTime() - startedAt < startPeriod.toNanos();
            if (!inStart && ++failures >= h.retries()) {
                throw new RehearsalFailure(s.name() + ": never turned healthy: healthcheck " + h + " failed " + failures
                        + " times in a row after the start period; last output: " + last
                        + "\n--- " + s.name() + " log ---\n" + sandbox().logTail(s.name(), 2000));
            }
        }
    }

    private Duration scale(Duration d, Duration cap) {
        Duration scaled = Duration.ofNanos((long) (d.toNanos() * timeScale));
        if (scaled.compareTo(cap) > 0) {
            scaled = cap;
        }
        return scaled.compareTo(Duration.ofMillis(200)) < 0 ? Duration.ofMillis(200) : scaled;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RehearsalFailure("interrupted");
        }
    }

    // ---------------------------------------------------------------- the running stack

    /** The stack handed to {@code whileUp}: the rehearsal's own sandbox, processes and resolved project. */
    private final class Running implements RunningStack {

        private final URI publicUrl;

        Running(URI publicUrl) {
            this.publicUrl = publicUrl;
        }

        @Override
        public Path bundle() {
            Path c = copy;
            if (c == null) {
                throw new IllegalStateException("no bundle copy");
            }
            return c;
        }

        @Override
        public URI publicUrl() {
            return publicUrl;
        }

        @Override
        public Log log() {
            return log;
        }

        @Override
        public Exec.Result outside(List<String> argv, Duration timeout) {
            return sandbox().outside(argv, timeout);
        }

        @Override
        public Exec.Result exec(String service, List<String> argv, @Nullable Path stdin, Duration timeout) {
            Process p = running.get(service);
            if (p == null || !p.isAlive()) {
                throw new RehearsalFailure("exec: service " + service + " is not running");
            }
            // A service just (re)started may not be inside its root yet (no healthcheck waited for it): an exec
            // before that would see the machine's files and names, not the container's.
            long t0 = System.nanoTime();
            while (!Sandbox.ready(p) && p.isAlive() && System.nanoTime() - t0 < Duration.ofSeconds(30).toNanos()) {
                sleep(Duration.ofMillis(100));
            }
            if (!Sandbox.ready(p)) {
                throw new RehearsalFailure("exec: service " + service + " did not enter its container root within 30 s"
                        + (p.isAlive() ? "" : " (it exited " + p.exitValue() + ")") + "\n" + sandbox().logTail(service, 2000));
            }
            return sandbox().exec(p, argv, envs.get(service), timeout, stdin);
        }

        @Override
        public void recreate(List<String> services) {
            ComposeProject again = ComposeProject.resolve(bundle(), log);
            project = again;
            for (String name : services) {
                Service s = again.service(name);
                Process old = running.get(name);
                long t0 = System.nanoTime();
                if (old != null) {
                    sandbox().stop(old, Duration.ofSeconds(10));
                }
                start(s);
                log.pass(name + ": recreated with the bundle's current .env (" + (System.nanoTime() - t0) / 1_000_000 + " ms)");
            }
        }

        @Override
        public Optional<Path> trustAnchor() {
            if (!publicUrl.getScheme().equals("https")) {
                return Optional.empty();
            }
            if (!certificates.isEmpty()) {
                return Optional.of(certificates.get(0));
            }
            // Caddy's internal CA keeps its root under its data directory: $XDG_DATA_HOME/caddy/pki/authorities/local.
            for (Service s : project().services()) {
                if (!s.imageName().equals("caddy")) {
                    continue;
                }
                for (Mount m : s.mounts()) {
                    if (m.target().equals("/data")) {
                        Path base = m.named() ? sandbox().work().resolve("volumes").resolve(m.source()) : Path.of(m.source());
                        Path root = base.resolve("caddy/pki/authorities/local/root.crt");
                        if (Files.isRegularFile(root)) {
                            return Optional.of(root);
                        }
                    }
                }
            }
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- monitoring

    /** How long Prometheus gets to scrape every target and evaluate its rules once (two default intervals and then some). */
    static final Duration MONITORING_WAIT = Duration.ofSeconds(120);

    /**
     * When the bundle runs Prometheus: every target it scrapes is {@code up}, every rule group loaded without error,
     * each Alertmanager of the bundle is known to it, and the exporters' own verdicts hold (the blackbox probe of the
     * public URL succeeds, the Postgres exporter reaches the database). Asked through Prometheus's HTTP API from
     * inside its own service, as an operator would with {@code docker compose exec}.
     */
    @SuppressWarnings("unchecked")
    private void checkMonitoring(ComposeProject p) {
        Optional<Service> prom = p.services().stream().filter(s -> s.imageName().endsWith("prometheus/prometheus")
                || s.imageName().equals("prom/prometheus")).findFirst();
        if (prom.isEmpty()) {
            return;
        }
        Service s = prom.get();
        String base = "http://localhost:" + listenPort(s) + webPrefix(s);
        long t0 = System.nanoTime();
        String last = "";
        List<Map<String, Object>> targets = List.of();
        while (System.nanoTime() - t0 < MONITORING_WAIT.toNanos()) {
            Object doc = api(s, base + "/api/v1/targets?state=active");
            targets = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) doc).get("data")).get("activeTargets");
            last = targets.stream().map(t -> t.get("scrapeUrl") + "=" + t.get("health")
                    + (String.valueOf(t.get("lastError")).isEmpty() ? "" : " (" + t.get("lastError") + ")")).toList().toString();
            if (!targets.isEmpty() && targets.stream().allMatch(t -> "up".equals(t.get("health")))) {
                break;
            }
            sleep(Duration.ofSeconds(2));
        }
        check(!targets.isEmpty() && targets.stream().allMatch(t -> "up".equals(t.get("health"))),
                "monitoring: every Prometheus target is up after " + (System.nanoTime() - t0) / 1_000_000 + " ms " + last, last);
        Object rules = api(s, base + "/api/v1/rules");
        List<Map<String, Object>> groups = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) rules)
                .get("data")).get("groups");
        List<String> ruleNames = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        List<String> firing = new ArrayList<>();
        Set<String> kestraSeries = new java.util.TreeSet<>();
        Matcher names = Pattern.compile("\\bkestra_[a-z0-9_]+").matcher("");
        for (Map<String, Object> g : groups) {
            for (Map<String, Object> r : (List<Map<String, Object>>) g.get("rules")) {
                ruleNames.add(String.valueOf(r.get("name")));
                if (!"inactive".equals(r.get("state"))) {
                    firing.add(r.get("name") + " (" + r.get("state") + ")");
                }
                names.reset(String.valueOf(r.get("query")));
                while (names.find()) {
                    if (!names.group().startsWith("kestra_backup_")) {
                        kestraSeries.add(names.group());
                    }
                }
                if (!"ok".equals(r.get("health")) && !"unknown".equals(r.get("health"))) {
                    broken.add(r.get("name") + ": " + r.get("lastError"));
                }
            }
        }
        check(!ruleNames.isEmpty() && broken.isEmpty(), "monitoring: Prometheus loaded " + ruleNames.size()
                + " alerting rules in " + groups.size() + " groups, none failing to evaluate", broken.toString());
        check(firing.isEmpty(), "monitoring: no alert fires or is pending on the healthy stack", firing.toString());
        // Kestra's metric names as the rules spell them must be what Micrometer's Prometheus registry makes of
        // Kestra's meter names: the stand-in registers Kestra's meters under Kestra's names.
        List<String> missing = new ArrayList<>();
        for (String name : kestraSeries) {
            Object r = api(s, base + "/api/v1/query?query=count(" + name + ")");
            if (((List<?>) ((Map<String, Object>) ((Map<String, Object>) r).get("data")).get("result")).isEmpty()) {
                missing.add(name);
            }
        }
        check(!kestraSeries.isEmpty() && missing.isEmpty(), "monitoring: every Kestra series the rules read is scraped from"
                + " Kestra's registry " + kestraSeries, "not scraped: " + missing);
        boolean hasAlertmanager = p.services().stream().anyMatch(o -> o.imageName().endsWith("alertmanager"));
        if (hasAlertmanager) {
            Object am = api(s, base + "/api/v1/alertmanagers");
            List<?> active = (List<?>) ((Map<String, Object>) ((Map<String, Object>) am).get("data")).get("activeAlertmanagers");
            check(!active.isEmpty(), "monitoring: Prometheus sends alerts to the bundle's Alertmanager " + active, am.toString());
        }
        for (String q : List.of("probe_success", "pg_up")) {
            Object r = api(s, base + "/api/v1/query?query=" + q);
            List<Map<String, Object>> result = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) r)
                    .get("data")).get("result");
            if (result.isEmpty()) {
                continue;
            }
            List<String> values = result.stream().map(m -> ((Map<String, Object>) m.get("metric")).getOrDefault("instance", "?")
                    + "=" + ((List<?>) m.get("value")).get(1)).toList();
            StringBuilder evidence = new StringBuilder(values.toString());
            for (Map<String, Object> m : result) {
                Object instance = ((Map<String, Object>) m.get("metric")).get("instance");
                if (!"1".equals(((List<?>) m.get("value")).get(1)) && q.equals("probe_success")) {
                    // Blackbox explains a failed probe itself: the same scrape with debug=true.
                    targets.stream().filter(t -> instance != null && instance.equals(((Map<String, Object>) t.get("labels"))
                            .get("instance"))).findFirst().ifPresent(t -> evidence.append("\n--- blackbox debug of ").append(instance)
                            .append(" ---\n").append(sandbox().exec(running.get(s.name()), List.of("curl", "-sS", "--max-time",
                                    "15", t.get("scrapeUrl") + "&debug=true"), envs.get(s.name()), Duration.ofSeconds(20), null)
                                    .output()));
                }
            }
            check(values.stream().allMatch(v -> v.endsWith("=1")), "monitoring: " + q + " is 1 " + values, evidence.toString());
        }
    }

    private Object api(Service prom, String url) {
        Exec.Result r = sandbox().exec(running.get(prom.name()), List.of("curl", "-fsS", "--max-time", "10", url),
                envs.get(prom.name()), Duration.ofSeconds(15), null);
        if (!r.ok()) {
            throw new RehearsalFailure("monitoring: Prometheus API " + url + " failed: " + r.output() + "\n--- " + prom.name()
                    + " log ---\n" + sandbox().logTail(prom.name(), 2000));
        }
        return yaml(r.stdout());
    }

    private static String flag(Service s, String name) {
        List<String> args = concat(s.entrypoint(), s.command());
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith(name + "=")) {
                return a.substring(name.length() + 1);
            }
            if (a.equals(name) && i + 1 < args.size()) {
                return args.get(i + 1);
            }
        }
        return "";
    }

    private static String listenPort(Service s) {
        String listen = flag(s, "--web.listen-address");
        return listen.isEmpty() ? "9090" : listen.substring(listen.lastIndexOf(':') + 1);
    }

    private static String webPrefix(Service s) {
        String prefix = flag(s, "--web.route-prefix");
        if (prefix.isEmpty()) {
            String external = flag(s, "--web.external-url");
            prefix = external.isEmpty() ? "" : URI.create(external).getPath();
        }
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    // ---------------------------------------------------------------- data for the backup check

    private void seed(Service pg, Process p) {
        Map<String, String> env = envs.get(pg.name());
        String user = env.getOrDefault("POSTGRES_USER", "postgres");
        String db = env.getOrDefault("POSTGRES_DB", user);
        // Over the network with the password: proves password authentication (the image's pg_hba has
        // `host all all all scram-sha-256`), and a wrong password must be refused.
        Map<String, String> withPassword = new LinkedHashMap<>(env);
        withPassword.put("PGPASSWORD", env.getOrDefault("POSTGRES_PASSWORD", ""));
        String host = sandbox().address(pg.name());
        // pg_isready also answers the image's temporary socket-only server during initialisation (as in Docker):
        // like any client, wait for the network listener.
        Exec.Result r;
        long t0 = System.nanoTime();
        do {
            r = sandbox().exec(p, List.of("psql", "-v", "ON_ERROR_STOP=1", "-h", host, "-U", user, "-d", db, "-c",
                    "CREATE TABLE rehearsal_seed(id int primary key, note text);"
                            + " INSERT INTO rehearsal_seed VALUES (1, 'alpha'), (2, 'beta'), (3, 'gamma $ # : quote''s');"),
                    withPassword, Duration.ofSeconds(30), null);
            if (r.ok() || !(r.output().contains("Connection refused") || r.output().contains("starting up")
                    || r.output().contains("shutting down"))) {
                break;
            }
            sleep(Duration.ofMillis(300));
        } while (System.nanoTime() - t0 < Duration.ofSeconds(60).toNanos());
        if (!r.ok()) {
            throw new RehearsalFailure(pg.name() + ": cannot write test data as " + user + " over the network: " + r.output());
        }
        Map<String, String> wrong = new LinkedHashMap<>(env);
        wrong.put("PGPASSWORD", "not-the-password");
        Exec.Result refused = sandbox().exec(p, List.of("psql", "-h", host, "-U", user, "-d", db, "-c", "select 1"),
                wrong, Duration.ofSeconds(30), null);
        if (refused.ok()) {
            throw new RehearsalFailure(pg.name() + ": accepted a wrong password over the network (trust authentication)");
        }
        seeded.put(pg.name(), query(pg, p, db, user));
        log.pass(pg.name() + ": password authentication over the network (wrong password refused), test rows written");
    }

    private String query(Service pg, Process p, String db, String user) {
        Exec.Result r = sandbox().exec(p, List.of("psql", "-tA", "-U", user, "-d", db, "-c",
                "SELECT string_agg(id || ':' || note, ',' ORDER BY id) FROM rehearsal_seed"), envs.get(pg.name()),
                Duration.ofSeconds(30), null);
        return r.ok() ? r.stdout().strip() : "error: " + r.output();
    }

    // ---------------------------------------------------------------- the test side

    private void checkFromOutside(ComposeProject p, Service kestra, KestraConfig config) {
        URI url = config.publicUrl();
        String path = url.getPath().endsWith("/") ? url.getPath().substring(0, url.getPath().length() - 1) : url.getPath();
        String origin = url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        Optional<Service> edge = p.services().stream().filter(s -> s.imageName().equals("nginx") || s.imageName().equals("caddy"))
                .findFirst();
        String httpBase = "-";
        if (edge.isPresent() && url.getScheme().equals("https")
                && edge.get().ports().stream().anyMatch(pt -> pt.target() == 80)) {
            httpBase = "http://" + url.getHost() + path;
        }
        List<String> args = new ArrayList<>(List.of(origin + path, httpBase));
        for (Service s : p.services()) {
            if (isPostgres(s) && s.command().isEmpty()) {
                args.add("127.0.0.1:5432");
            }
        }
        args.add("127.0.0.1:8081");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-Djdk.internal.httpclient.disableHostnameVerification=true", "-cp", System.getProperty("java.class.path"),
                Probe.class.getName()));
        cmd.addAll(args);
        long t0 = System.nanoTime();
        Exec.Result r = sandbox().outside(cmd, Duration.ofSeconds(180));
        if (!r.ok() || r.stdout().isBlank()) {
            throw new RehearsalFailure("probe: the requests from outside failed: " + r.output()
                    + "\n--- kestra log ---\n" + sandbox().logTail(kestra.name(), 2000)
                    + edge.map(e -> "\n--- " + e.name() + " log ---\n" + sandbox().logTail(e.name(), 2000)).orElse(""));
        }
        Map<String, String> o = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                o.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        log.note("probe: " + (System.nanoTime() - t0) / 1_000_000 + " ms, from the host namespace to " + origin + path);
        expect(o, "ui.status", "200", "UI at " + origin + path + "/ui/ answers");
        expect(o, "ui.body", "true", "UI page is the stand-in's");
        check(o.getOrDefault("root.status", "").startsWith("30") && o.getOrDefault("root.location", "").endsWith(path + "/ui/"),
                "Kestra's redirect of " + path + "/ to " + path + "/ui/ passes the edge (" + o.get("root.status") + " "
                        + o.get("root.location") + ")", o.get("root.status") + " " + o.get("root.location"));
        String echo = o.getOrDefault("echo.body", "");
        expect(o, "echo.status", "200", "URL echo answers");
        String expectedPath = path + "/api/v1/rehearsal/url";
        check(echo.contains("\"scheme\":\"" + url.getScheme() + "\""), "URL echo shows scheme " + url.getScheme(), echo);
        String host = url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        check(echo.contains("\"host\":\"" + host + "\""), "URL echo shows public host " + host, echo);
        check(echo.contains("\"path\":\"" + expectedPath + "\""), "URL echo shows path " + expectedPath
                + " (context path kept, not doubled)", echo);
        for (String tag : List.of("sse1", "sse")) {
            String proto = tag.equals("sse") ? "negotiated " + o.get("sse.version") : "HTTP/1.1";
            expect(o, tag + ".status", "200", "follow stream answers over " + proto);
            check(o.getOrDefault(tag + ".contenttype", "").startsWith("text/event-stream"),
                    "follow stream is text/event-stream over " + proto, o.get(tag + ".contenttype"));
            long before = Long.parseLong(o.getOrDefault(tag + ".headersbeforesendms", "-1"));
            long latency = Long.parseLong(o.getOrDefault(tag + ".eventlatencyms", "99999"));
            check(before > 0, String.format("follow stream headers arrive %s ms after the request, %d ms before the first"
                    + " timed event is sent, over %s", o.get(tag + ".headersafterms"), before, proto),
                    "headers " + before + " ms before the first timed event was sent");
            check(latency <= 1000, String.format("first event arrives within 1 s of being sent (%d ms) over %s", latency, proto),
                    latency + " ms");
        }
        expect(o, "upload.status", "200", "50 MB upload passes (" + o.get("upload.ms") + " ms)");
        check(o.getOrDefault("upload.body", "").contains("52428800"), "the whole 50 MB arrived", o.get("upload.body"));
        if (edge.isPresent()) {
            check(!o.getOrDefault("ui.header.x-content-type-options", "-").equals("-"), "security header X-Content-Type-Options"
                    + " present", o.toString());
            check(!o.getOrDefault("ui.header.x-frame-options", "-").equals("-"), "security header X-Frame-Options present",
                    o.toString());
        }
        if (!httpBase.equals("-")) {
            String status = o.getOrDefault("redirect.status", "");
            check(status.startsWith("30"), "HTTP redirects to HTTPS (" + status + ")", status);
            check(o.getOrDefault("redirect.location", "").startsWith("https://" + url.getHost()),
                    "redirect goes to https://" + url.getHost(), o.get("redirect.location"));
        }
        for (String a : args.subList(2, args.size())) {
            check("true".equals(o.get("closed." + a)), a + " is not reachable from outside", o.get("closed." + a));
        }
    }

    private void expect(Map<String, String> o, String key, String value, String what) {
        String section = key.substring(0, key.indexOf('.'));
        check(value.equals(o.get(key)), what, key + "=" + o.get(key)
                + (o.containsKey(section + ".error") ? ", " + o.get(section + ".error") : ""));
    }

    private void check(boolean ok, String what, @Nullable String evidence) {
        if (!ok) {
            throw new RehearsalFailure(what + ": does not hold (" + evidence + ")");
        }
        log.pass(what);
    }

    // ---------------------------------------------------------------- backup

    private void backupAndRestore(ComposeProject p, Path copy, Service kestra) {
        Optional<Service> backup = p.services().stream().filter(s -> String.join(" ", s.command()).contains("pg_dump"))
                .findFirst();
        if (backup.isEmpty()) {
            log.note("backup: the bundle has no service running pg_dump");
            return;
        }
        Service b = backup.get();
        Service pg = p.services().stream().filter(s -> isPostgres(s) && s.command().isEmpty()).findFirst()
                .orElseThrow(() -> new RehearsalFailure("backup: no postgres service"));
        Mount dumps = b.mounts().stream().filter(m -> !m.named()).findFirst()
                .orElseThrow(() -> new RehearsalFailure("backup: the backup service binds no host directory"));
        long t0 = System.nanoTime();
        Path dump = null;
        while (System.nanoTime() - t0 < Duration.ofSeconds(60).toNanos() && dump == null) {
            sleep(Duration.ofMillis(300));
            try (var files = Files.list(Path.of(dumps.source()))) {
                dump = files.filter(f -> f.getFileName().toString().endsWith(".dump")).findFirst().orElse(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!running.get(b.name()).isAlive()) {
                throw new RehearsalFailure("backup: " + b.name() + " exited\n" + sandbox().logTail(b.name(), 2000));
            }
        }
        if (dump == null) {
            throw new RehearsalFailure("backup: no dump within 60 s\n" + sandbox().logTail(b.name(), 2000));
        }
        log.pass("backup: " + b.name() + " wrote " + dump.getFileName() + " (" + size(dump) + " bytes) in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
        Path md = copy.resolve("BACKUP.md");
        if (!Files.exists(md)) {
            throw new RehearsalFailure("backup: the bundle has no BACKUP.md with restore steps");
        }
        List<String> steps = restoreSteps(md);
        Map<String, String> env = envs.get(pg.name());
        String user = env.getOrDefault("POSTGRES_USER", "postgres");
        String db = env.getOrDefault("POSTGRES_DB", user);
        boolean disaster = false;
        Pattern compose = Pattern.compile("docker compose (stop|start|exec -T) (\\S+)(.*)");
        for (String step : steps) {
            Matcher m = compose.matcher(step);
            if (!m.matches()) {
                throw new RehearsalFailure("backup: cannot rehearse restore step `" + step + "` from BACKUP.md");
            }
            String service = m.group(2);
            switch (m.group(1)) {
                case "stop" -> {
                    sandbox().stop(running.get(service), Duration.ofSeconds(10));
                    log.pass("restore: `" + step + "`");
                }
                case "start" -> {
                    Service s = p.service(service);
                    start(s);
                    log.pass("restore: `" + step + "`");
                }
                default -> {
                    if (!disaster) {
                        // The loss the restore repairs: the database is dropped and created empty.
                        Exec.Result r = sandbox().exec(running.get(pg.name()), List.of("psql", "-v", "ON_ERROR_STOP=1", "-U",
                                user, "-d", "postgres", "-c", "DROP DATABASE \"" + db + "\" WITH (FORCE)", "-c",
                                "CREATE DATABASE \"" + db + "\" OWNER \"" + user + "\""), env, Duration.ofSeconds(30), null);
                        if (!r.ok()) {
                            throw new RehearsalFailure("restore: cannot drop and recreate " + db + ": " + r.output());
                        }
                        log.pass("restore: database " + db + " dropped and created empty, as after a loss");
                        disaster = true;
                    }
                    String rest = m.group(3).strip();
                    int lt = rest.lastIndexOf(" < ");
                    if (lt < 0) {
                        throw new RehearsalFailure("backup: restore step `" + step + "` reads no dump");
                    }
                    List<String> argv = List.of(rest.substring(0, lt).strip().split("\\s+"));
                    Exec.Result r = sandbox().exec(running.get(service), argv, envs.get(service), Duration.ofSeconds(120), dump);
                    if (!r.ok()) {
                        throw new RehearsalFailure("restore: `" + step + "` failed: " + r.output());
                    }
                    log.pass("restore: `" + step + "` with " + dump.getFileName());
                }
            }
        }
        String after = query(pg, running.get(pg.name()), db, user);
        check(after.equals(seeded.get(pg.name())), "backup restores: the test rows read back identical (" + after + ")",
                "before " + seeded.get(pg.name()) + ", after " + after);
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The shell lines of the first code block under the "Restore" heading of BACKUP.md. */
    static List<String> restoreSteps(Path md) {
        try {
            List<String> lines = Files.readAllLines(md);
            List<String> out = new ArrayList<>();
            boolean inSection = false;
            boolean inBlock = false;
            for (String line : lines) {
                if (line.startsWith("#")) {
                    if (inSection && !out.isEmpty()) {
                        break;
                    }
                    inSection = line.toLowerCase(java.util.Locale.ROOT).contains("restore");
                    continue;
                }
                if (inSection && line.strip().startsWith("```")) {
                    if (inBlock) {
                        break;
                    }
                    inBlock = true;
                    continue;
                }
                if (inBlock && !line.isBlank() && !line.strip().startsWith("#")) {
                    out.add(line.strip());
                }
            }
            if (out.isEmpty()) {
                throw new RehearsalFailure("backup: BACKUP.md has no restore code block");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- certificates

    private static final Pattern NGINX_CERT = Pattern.compile("^\\s*ssl_certificate(?:_key)?\\s+([^;\\s]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern CADDY_TLS = Pattern.compile("^\\s*tls\\s+(\\S+)\\s+(\\S+)\\s*$", Pattern.MULTILINE);

    /**
     * Test certificates wherever an edge configuration names certificate files that the bundle does not hold, valid
     * for 90 days as a Let's Encrypt certificate is (a shorter one would rightly set off the certificate alert).
     */
    private void prepareCertificates(ComposeProject p, Path copy, String host) {
        for (Service s : p.services()) {
            Pattern pattern;
            String confTarget;
            if (s.imageName().equals("nginx")) {
                pattern = NGINX_CERT;
                confTarget = "/etc/nginx/nginx.conf";
            } else if (s.imageName().equals("caddy")) {
                pattern = CADDY_TLS;
                confTarget = "/etc/caddy/Caddyfile";
            } else {
                continue;
            }
            Optional<Path> conf = hostPath(s, confTarget);
            if (conf.isEmpty() || !Files.isRegularFile(conf.get())) {
                continue;
            }
            String text = read(conf.get());
            Matcher m = pattern.matcher(text);
            List<String> paths = new ArrayList<>();
            while (m.find()) {
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (m.group(g).startsWith("/")) {
                        paths.add(m.group(g));
                    }
                }
            }
            for (int i = 0; i + 1 < paths.size(); i += 2) {
                Path cert = hostPath(s, paths.get(i)).orElseThrow(() -> new RehearsalFailure(s.name()
                        + ": the certificate path is on no volume of the service"));
                Path key = hostPath(s, paths.get(i + 1)).orElseThrow(() -> new RehearsalFailure(s.name()
                        + ": the key path is on no volume of the service"));
                certificates.add(cert);
                if (Files.exists(cert) && Files.exists(key)) {
                    continue;
                }
                try {
                    Files.createDirectories(cert.getParent());
                    Files.createDirectories(key.getParent());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Exec.Result r = Exec.run(List.of(Programs.require("openssl").toString(), "req", "-x509", "-newkey", "rsa:2048",
                        "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "90", "-subj", "/CN=" + host,
                        "-addext", "subjectAltName=DNS:" + host), Map.of(), copy, Duration.ofSeconds(60));
                if (!r.ok()) {
                    throw new RehearsalFailure("openssl could not make a test certificate: " + r.output());
                }
                generatedCertificates.add(cert);
                log.note(s.name() + ": test certificate for " + host + " at " + paths.get(i) + " (the bundle expects one there;"
                        + " every service trusts it as a public CA's)");
            }
        }
    }

    private static Optional<Path> hostPath(Service s, String containerPath) {
        Mount best = null;
        for (Mount m : s.mounts()) {
            if (!m.named() && (containerPath.equals(m.target()) || containerPath.startsWith(m.target() + "/"))
                    && (best == null || m.target().length() > best.target().length())) {
                best = m;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        return Optional.of(Path.of(best.source() + containerPath.substring(best.target().length())));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Sandbox sandbox() {
        Sandbox s = sandbox;
        if (s == null) {
            throw new RehearsalFailure("the sandbox is gone");
        }
        return s;
    }

    private ComposeProject project() {
        ComposeProject p = project;
        if (p == null) {
            throw new IllegalStateException("not resolved");
        }
        return p;
    }

    /** Used by {@link KestraConfig}: parse YAML text. */
    static Object yaml(String text) {
        return Yaml.load(text);
    }
}
