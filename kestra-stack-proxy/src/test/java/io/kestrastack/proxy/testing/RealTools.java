package io.kestrastack.proxy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs the real tools on rendered configurations: {@code nginx -t}, {@code caddy validate},
 * {@code caddy adapt}, and short-lived nginx and Caddy servers. A tool that is not installed is a test
 * failure ({@link AssertionError}), never a skip.
 *
 * <p>Everything runs as root inside {@code unshare --net --mount}: a private network with only loopback,
 * so nothing leaves the machine and ports 80 and 443 are free; a private {@code /etc/hosts} that maps the
 * Compose service names to 127.0.0.1 (so that nginx resolves {@code proxy_pass http://kestra:8080} and a
 * wrong name still fails); and tmpfs mounts over {@code /etc/nginx} or {@code /etc/caddy} holding the
 * rendered file at its container path, plus any certificate it names. The host's files are never changed.
 * Set {@code KESTRA_STACK_KEEP_SANDBOX} to keep each sandbox's scratch directory for debugging.
 */
public final class RealTools {

    /** Directories that may receive files; each becomes a tmpfs in the sandbox. */
    public static final List<String> SANDBOX_ROOTS = List.of("/etc/nginx", "/etc/caddy");

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Object CERT_LOCK = new Object();
    private static Path certificateDir;
    private static int @Nullable [] nginxVersion;

    private RealTools() {}

    /**
     * The outcome of a command.
     *
     * @param exitCode the exit status
     * @param stdout standard output
     * @param stderr standard error
     */
    public record Result(int exitCode, String stdout, String stderr) {
        /** Whether the command exited 0. */
        public boolean ok() {
            return exitCode == 0;
        }

        /** Exit code and both streams, for assertion messages. */
        public String describe() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    /** The path of an installed tool; fails the test when it is missing. */
    public static Path require(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(tool + " is not installed, and this test needs the real tool (install the Debian"
                + " package: nginx, caddy, openssl, util-linux for unshare, iproute2 for ip, curl)");
    }

    /** Runs {@code command} with extra environment variables, failing the test on a timeout. */
    public static Result run(List<String> command, Map<String, String> env, Path workDir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
            pb.environment().putAll(env);
            Path out = Files.createTempFile(workDir, "out", ".txt");
            Path err = Files.createTempFile(workDir, "err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            Process process = pb.start();
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + TIMEOUT.toSeconds() + "s");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A new empty directory under the system temp directory. */
    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory("kestra-stack-" + prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A self-signed certificate and key for {@code flows.example.com} and a few test names, made once per run
     * with openssl: {@code [certificate PEM, key PEM]}.
     */
    public static List<String> selfSignedPair() {
        synchronized (CERT_LOCK) {
            if (certificateDir == null) {
                Path dir = tempDir("certs");
                Result r = run(List.of(require("openssl").toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=flows.example.com",
                        "-addext", "subjectAltName=DNS:flows.example.com,DNS:localhost,IP:127.0.0.1"), Map.of(), dir);
                if (!r.ok()) {
                    throw new AssertionError("openssl could not make a test certificate\n" + r.describe());
                }
                certificateDir = dir;
            }
            try {
                return List.of(Files.readString(certificateDir.resolve("cert.pem")),
                        Files.readString(certificateDir.resolve("key.pem")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Runs {@code nginx -t} on {@code conf} mounted at {@code /etc/nginx/nginx.conf}, with {@code files}
     * (absolute path under /etc/nginx to content) in place and {@code hostNames} resolving to 127.0.0.1.
     */
    public static Result nginxTest(String conf, Map<String, String> files, Set<String> hostNames) {
        require("nginx");
        Map<String, String> all = new LinkedHashMap<>(files);
        all.put("/etc/nginx/nginx.conf", forLocalNginx(conf));
        return sandbox(all, hostNames, "nginx -t -q -e \"$T/error.log\" -g \"pid $T/nginx.pid;\" -c /etc/nginx/nginx.conf"
                + " 2>&1\nstatus=$?\ncat \"$T/error.log\" 1>&2 2>/dev/null\nexit $status", Map.of());
    }

    /** The installed nginx's version as {major, minor, patch}, read once from {@code nginx -v}. */
    public static synchronized int[] nginxVersion() {
        if (nginxVersion == null) {
            Result r = run(List.of(require("nginx").toString(), "-v"), Map.of(), tempDir("nginx-version"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("nginx/(\\d+)\\.(\\d+)\\.(\\d+)")
                    .matcher(r.stderr() + r.stdout());
            if (!m.find()) {
                throw new AssertionError("cannot read the nginx version\n" + r.describe());
            }
            nginxVersion = new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))};
        }
        return nginxVersion.clone();
    }

    /**
     * {@code conf} as the installed nginx can test it. An nginx older than 1.25.1 (Debian 12 has 1.22) does not
     * know the {@code http2 on;} directive that configurations for newer images use. For such an nginx, the
     * form is first checked with our own reader ({@link NginxConfParser}): every {@code http2} directive is
     * exactly {@code http2 on;} inside a {@code server} whose only {@code listen} is {@code 443 ssl}, and no
     * {@code listen} has the deprecated {@code http2} parameter. Then the directive is rewritten to the old
     * {@code listen 443 ssl http2;} so the real nginx checks everything else. A configuration without the
     * directive, or a newer installed nginx, gets {@code conf} unchanged.
     */
    public static String forLocalNginx(String conf) {
        int[] v = nginxVersion();
        boolean knowsDirective = v[0] > 1 || (v[0] == 1 && (v[1] > 25 || (v[1] == 25 && v[2] >= 1)));
        Directive root = NginxConfParser.parse(conf);
        List<Directive> directives = root.find(d -> d.name().equals("http2"));
        if (knowsDirective || directives.isEmpty()) {
            return conf;
        }
        for (Directive server : root.find(d -> d.name().equals("server"))) {
            List<Directive> http2 = server.all("http2");
            for (Directive listen : server.all("listen")) {
                if (listen.args().contains("http2")) {
                    throw new AssertionError("line " + listen.line() + ": listen with the deprecated http2 parameter"
                            + " next to the http2 directive");
                }
            }
            if (http2.isEmpty()) {
                continue;
            }
            if (http2.size() != 1 || !http2.get(0).args().equals(List.of("on"))
                    || !server.all("listen").stream().map(Directive::args).toList().equals(List.of(List.of("443", "ssl")))) {
                throw new AssertionError("http2 directive not in the expected form in the server at line "
                        + server.line() + ": " + http2 + " " + server.all("listen"));
            }
        }
        if (directives.size() != root.find(d -> d.name().equals("server")).stream()
                .mapToInt(server -> server.all("http2").size()).sum()) {
            throw new AssertionError("an http2 directive outside a server block");
        }
        String old = conf.replaceAll("(?m)^(\\s*)listen 443 ssl;\n(\\s*)http2 on;\n", "$1listen 443 ssl http2;\n");
        if (!NginxConfParser.parse(old).find(d -> d.name().equals("http2")).isEmpty()) {
            throw new AssertionError("could not rewrite every http2 directive for nginx " + v[0] + "." + v[1]);
        }
        return old;
    }

    /** Runs {@code caddy validate} on {@code caddyfile} mounted at {@code /etc/caddy/Caddyfile}. */
    public static Result caddyValidate(String caddyfile, Map<String, String> files) {
        require("caddy");
        Map<String, String> all = new LinkedHashMap<>(files);
        all.put("/etc/caddy/Caddyfile", caddyfile);
        return sandbox(all, Set.of(), "caddy validate --config /etc/caddy/Caddyfile --adapter caddyfile", Map.of());
    }

    /** Runs {@code caddy adapt} on {@code caddyfile}; the JSON is the result's standard output. */
    public static Result caddyAdapt(String caddyfile, Map<String, String> files) {
        require("caddy");
        Map<String, String> all = new LinkedHashMap<>(files);
        all.put("/etc/caddy/Caddyfile", caddyfile);
        return sandbox(all, Set.of(), "caddy adapt --config /etc/caddy/Caddyfile --adapter caddyfile", Map.of());
    }

    /**
     * Runs {@code script} (POSIX sh) in a sandbox where {@code files} are in place and {@code hostNames}
     * resolve to 127.0.0.1. In the script, {@code $T} is a private scratch directory, {@code $HOME} is inside
     * it, loopback is up, and {@code resources} (name to content) are files in {@code $T}.
     */
    public static Result sandbox(Map<String, String> files, Set<String> hostNames, String script,
            Map<String, String> resources) {
        require("unshare");
        require("ip");
        Path t = tempDir("sandbox");
        try {
            Set<String> roots = new LinkedHashSet<>();
            for (Map.Entry<String, String> f : files.entrySet()) {
                String root = SANDBOX_ROOTS.stream().filter(r -> f.getKey().startsWith(r + "/")).findFirst()
                        .orElseThrow(() -> new AssertionError(f.getKey() + " is outside " + SANDBOX_ROOTS));
                roots.add(root);
                Path target = t.resolve("root" + f.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
            }
            for (Map.Entry<String, String> r : resources.entrySet()) {
                Files.writeString(t.resolve(r.getKey()), r.getValue(), StandardCharsets.UTF_8);
            }
            StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
            for (String name : hostNames) {
                hosts.append("127.0.0.1 ").append(name).append('\n');
            }
            Files.writeString(t.resolve("hosts"), hosts.toString());
            Files.createDirectories(t.resolve("home"));
            StringBuilder sh = new StringBuilder();
            sh.append("set -u\n");
            sh.append("export PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH\"\n");
            sh.append("T=").append(t).append("\n");
            sh.append("export HOME=\"$T/home\" XDG_DATA_HOME=\"$T/home/data\" XDG_CONFIG_HOME=\"$T/home/config\"\n");
            sh.append("mount --bind \"$T/hosts\" /etc/hosts || exit 97\n");
            for (String root : roots) {
                sh.append("mkdir -p ").append(root).append(" && mount -t tmpfs tmpfs ").append(root)
                        .append(" && cp -R \"$T/root").append(root).append("/.\" ").append(root).append("/ || exit 98\n");
            }
            sh.append("ip link set lo up || exit 99\n");
            sh.append(script).append('\n');
            Path scriptFile = t.resolve("run.sh");
            Files.writeString(scriptFile, sh.toString());
            Result result = run(List.of(require("unshare").toString(), "--net", "--mount", "--propagation", "private",
                    "sh", scriptFile.toString()), Map.of(), t);
            if (System.getenv("KESTRA_STACK_KEEP_SANDBOX") == null) {
                deleteTree(t);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        // A daemon that is still exiting may remove its own files while we walk: retry on vanished files.
        for (int attempt = 0; ; attempt++) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                return;
            } catch (java.nio.file.NoSuchFileException | UncheckedIOException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** The Java launcher of this JVM, to run single-file programs in a sandbox. */
    public static String javaLauncher() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
