package io.kestrastack.rehearsal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The private network and the private file systems of one rehearsal. Everything has a name unique to the
 * rehearsal, so parallel runs do not collide, and {@link #close()} removes all of it, also after a failure.
 *
 * <p>Network: a namespace {@code ks<id>-h} plays the Docker host (it holds the bridge and the published-port
 * forwarders, as Docker's userland proxy does for host addresses); each service gets its own namespace with
 * one veth on the bridge and a private {@code /etc/hosts} where every service name, its own included, resolves
 * to that service's address, {@code localhost} to its own loopback (as inside a container) and the public host
 * names to the host's bridge address (as public DNS would send a container to the Docker host). Nothing is
 * created in the machine's own network namespace.
 *
 * <p>Files: each service runs chrooted in a private mount namespace whose root is a tmpfs holding read-only
 * binds of the machine's top-level directories, private writable {@code /tmp}, {@code /run} and nginx's {@code /var/log/nginx},
 * {@code /var/cache/nginx} and {@code /var/lib/nginx}, and the service's volumes bound at their container paths.
 * A directory that must be created under a read-only bind is first replaced by a private writable copy, so
 * the machine's files are never changed.
 */
public final class Sandbox implements AutoCloseable {

    /** The subnet of the rehearsal network (private to the rehearsal's namespaces). */
    static final String SUBNET = "10.89.0.";

    private final String id = UUID.randomUUID().toString().substring(0, 6);
    private final Path work;
    private final String hostNs = "ks" + id + "-h";
    private final Map<String, String> namespaces = new LinkedHashMap<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<String> created = new ArrayList<>();
    private final Log log;
    private final boolean keep;

    /**
     * Creates the network for {@code services}.
     *
     * @param services the service names
     * @param outsideHosts host names the outside (test side) resolves to 127.0.0.1, e.g. the public host
     * @param log the report
     * @param keep whether to keep the scratch directory for debugging
     */
    public Sandbox(List<String> services, List<String> outsideHosts, Log log, boolean keep) {
        this.log = log;
        this.keep = keep;
        for (String p : List.of("ip", "unshare", "nsenter", "setpriv", "chroot", "mount", "socat")) {
            Programs.require(p);
        }
        try {
            work = Files.createTempDirectory(Path.of("/tmp"), "ks-rehearsal-" + id + "-");
            Files.createDirectories(work.resolve("files"));
            Files.createDirectories(work.resolve("roots"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long t0 = System.nanoTime();
        ip("netns", "add", hostNs);
        created.add(hostNs);
        ipn(hostNs, "link", "set", "lo", "up");
        ipn(hostNs, "link", "add", "br0", "type", "bridge");
        ipn(hostNs, "addr", "add", SUBNET + "1/24", "dev", "br0");
        ipn(hostNs, "link", "set", "br0", "up");
        int i = 0;
        for (String s : services) {
            String ns = "ks" + id + "-" + i;
            String addr = SUBNET + (10 + i);
            ip("netns", "add", ns);
            created.add(ns);
            ipn(hostNs, "link", "add", "v" + i, "type", "veth", "peer", "name", "eth0", "netns", ns);
            ipn(hostNs, "link", "set", "v" + i, "master", "br0", "up");
            ipn(ns, "link", "set", "lo", "up");
            ipn(ns, "addr", "add", addr + "/24", "dev", "eth0");
            ipn(ns, "link", "set", "eth0", "up");
            ipn(ns, "route", "add", "default", "via", SUBNET + "1");
            namespaces.put(s, ns);
            addresses.put(s, addr);
            i++;
        }
        StringBuilder outside = new StringBuilder("127.0.0.1 localhost\n");
        outsideHosts.forEach(h -> outside.append("127.0.0.1 ").append(h).append('\n'));
        write("hosts-outside", outside.toString());
        for (String s : services) {
            StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n::1 localhost\n");
            addresses.forEach((name, addr) -> hosts.append(addr).append(' ').append(name).append('\n'));
            // A public host name resolves, as public DNS would, to the Docker host, whose ports published on all
            // addresses answer on the bridge (a container reaching the edge through the public URL); localhost
            // stays the container's own.
            outsideHosts.stream().filter(h -> !h.equals("localhost") && !addresses.containsKey(h))
                    .forEach(h -> hosts.append(SUBNET).append("1 ").append(h).append('\n'));
            write("hosts-" + s, hosts.toString());
        }
        log.pass(String.format("network: namespaces %s (host) and %s, bridge %s0/24 (%d ms)", hostNs, namespaces.values(),
                SUBNET, (System.nanoTime() - t0) / 1_000_000));
    }

    /** The rehearsal's scratch directory. */
    public Path work() {
        return work;
    }

    /** The address of {@code service}. */
    public String address(String service) {
        return addresses.get(service);
    }

    /** Writes a file into the scratch directory's {@code files/}, which services see at {@code /ks}. */
    public Path write(String name, String content) {
        try {
            Path p = work.resolve("files").resolve(name);
            Files.writeString(p, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A service process to start.
     *
     * @param service the service name
     * @param argv the command, run chrooted
     * @param env the exact environment
     * @param mounts container path to host path (with {@code :ro} appended for read-only)
     * @param workdir the working directory inside
     * @param userSpec {@code uid[:gid]} to run as, or null for root
     * @param setup extra shell lines run before the chroot ({@code $R} is the root)
     */
    public record Launch(String service, List<String> argv, Map<String, String> env, Map<String, String> mounts,
            String workdir, @Nullable String userSpec, String setup) {}

    /** Starts a service; its output goes to {@code <work>/logs/<service>.log}. */
    public Process start(Launch l) {
        String ns = namespaces.get(l.service());
        Path root = work.resolve("roots").resolve(l.service() + "-" + System.nanoTime());
        StringBuilder sh = new StringBuilder();
        sh.append("set -e\nR='").append(root).append("'\nmkdir -p \"$R\"\n");
        sh.append("mount -t tmpfs -o mode=755 ks-root \"$R\"\n");
        sh.append("for d in /*; do n=\"${d#/}\"\n  case \"$n\" in proc|sys|dev|run|tmp|lost+found) continue;; esac\n")
                .append("  if [ -L \"$d\" ]; then cp -P \"$d\" \"$R/$n\"\n")
                .append("  elif [ -d \"$d\" ]; then mkdir \"$R/$n\"; mount --rbind \"$d\" \"$R/$n\"; mount -o remount,bind,ro \"$R/$n\"; fi\ndone\n");
        sh.append("for n in proc sys dev; do mkdir \"$R/$n\"; mount --rbind \"/$n\" \"$R/$n\"; done\n");
        sh.append("mkdir \"$R/run\" \"$R/tmp\"; mount -t tmpfs -o mode=755 tmpfs \"$R/run\"; mount -t tmpfs -o mode=1777 tmpfs \"$R/tmp\"\n");
        // A private writable copy of a read-only directory, so that something can be created under it.
        sh.append("overlay() { [ -d \"$R$1\" ] || return 0; S=$(mktemp -d); cp -a \"$R$1/.\" \"$S/\"; mount -t tmpfs tmpfs \"$R$1\"; cp -a \"$S/.\" \"$R$1/\"; rm -rf \"$S\"; }\n");
        sh.append("ensure() { t=\"$1\"; a=\"$t\"; while [ ! -e \"$R$a\" ]; do a=$(dirname \"$a\"); done\n")
                .append("  if [ \"$a\" != \"$t\" ]; then if ! ( : > \"$R$a/.ks-w\" ) 2>/dev/null; then overlay \"$a\"; else rm -f \"$R$a/.ks-w\"; fi\n")
                .append("    if [ \"$2\" = dir ]; then mkdir -p \"$R$t\"; else mkdir -p \"$(dirname \"$R$t\")\"; : > \"$R$t\"; fi; fi; }\n");
        sh.append("for d in /var/log/nginx /var/cache/nginx /var/lib/nginx; do overlay \"$d\"; done\n");
        sh.append("mount --bind '").append(work.resolve("files/hosts-" + l.service())).append("' \"$R/etc/hosts\"\n");
        sh.append("mkdir \"$R/ks\"; mount --bind '").append(work.resolve("files")).append("' \"$R/ks\"\n");
        // The Java launcher and class path of the harness, where a private /tmp or /run would hide them.
        for (String p : harnessPaths()) {
            sh.append("ensure '").append(p).append("' ").append(Files.isDirectory(Path.of(p)) ? "dir" : "file")
                    .append("; mount --bind '").append(p).append("' \"$R").append(p).append("\"\n");
        }
        for (Map.Entry<String, String> m : l.mounts().entrySet()) {
            boolean ro = m.getValue().endsWith(":ro");
            String src = ro ? m.getValue().substring(0, m.getValue().length() - 3) : m.getValue();
            sh.append("ensure '").append(m.getKey()).append("' ").append(Files.isDirectory(Path.of(src)) ? "dir" : "file")
                    .append("; mount --bind '").append(src).append("' \"$R").append(m.getKey()).append("\"\n");
            if (ro) {
                sh.append("mount -o remount,bind,ro \"$R").append(m.getKey()).append("\"\n");
            }
        }
        sh.append("ensure '").append(l.workdir()).append("' dir\n");
        sh.append(l.setup()).append('\n');
        List<String> inner = new ArrayList<>();
        if (l.userSpec() != null) {
            String[] ug = l.userSpec().split(":");
            inner.addAll(List.of("/usr/bin/setpriv", "--reuid=" + ug[0], "--regid=" + (ug.length > 1 ? ug[1] : ug[0]),
                    "--clear-groups"));
        }
        inner.addAll(l.argv());
        sh.append("exec /usr/sbin/chroot \"$R\" /bin/sh -c 'cd \"$1\" || exit 1; shift; exec \"$@\"' ks '")
                .append(l.workdir()).append("' \"$@\"\n");
        Path script = write("start-" + l.service() + ".sh", sh.toString());
        List<String> cmd = new ArrayList<>(List.of(Programs.require("ip").toString(), "netns", "exec", ns,
                Programs.require("unshare").toString(), "--mount", "--propagation", "private", "/bin/sh", script.toString()));
        cmd.addAll(inner);
        try {
            Path logs = work.resolve("logs");
            Files.createDirectories(logs);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(l.service() + ".log").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().clear();
            pb.environment().putAll(l.env());
            Process p = pb.start();
            synchronized (processes) {
                processes.add(p);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log of {@code service} so far (last {@code max} characters). */
    public String logTail(String service, int max) {
        try {
            Path f = work.resolve("logs").resolve(service + ".log");
            if (!Files.exists(f)) {
                return "";
            }
            String s = Files.readString(f);
            return s.length() <= max ? s : s.substring(s.length() - max);
        } catch (IOException e) {
            return "";
        }
    }

    /** Whether the process has entered its chroot (so that an exec in it sees the service's files). */
    public static boolean ready(Process p) {
        try {
            return p.isAlive() && !Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/root")).toString().equals("/");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs {@code argv} inside a running service (its network, mounts and root), as {@code docker exec} does.
     *
     * @param p the service's process
     * @param argv the command
     * @param env the exact environment
     * @param timeout how long it may take
     * @param stdin standard input file, or null
     * @return the result
     */
    public Exec.Result exec(Process p, List<String> argv, Map<String, String> env, Duration timeout, @Nullable Path stdin) {
        List<String> cmd = new ArrayList<>(List.of(Programs.require("nsenter").toString(), "-t", Long.toString(p.pid()),
                "-n", "-m", "-r", "-w", "--"));
        cmd.addAll(argv);
        return Exec.run(cmd, env, true, work, timeout, stdin);
    }

    /** Runs {@code argv} on the test side: the host namespace, where the public host name resolves to 127.0.0.1. */
    public Exec.Result outside(List<String> argv, Duration timeout) {
        List<String> cmd = new ArrayList<>(List.of(Programs.require("ip").toString(), "netns", "exec", hostNs,
                Programs.require("unshare").toString(), "--mount", "--propagation", "private", "/bin/sh", "-c",
                "mount --bind '" + work.resolve("files/hosts-outside") + "' /etc/hosts && exec \"$@\"", "ks"));
        cmd.addAll(argv);
        return Exec.run(cmd, Map.of(), false, work, timeout, null);
    }

    /**
     * Publishes {@code service}'s {@code target} port on the host namespace's {@code hostIp:published}, as Docker's
     * userland proxy does (TCP only: the rehearsal does not carry UDP, so HTTP/3 is not rehearsed).
     */
    public void publish(String service, String hostIp, int published, int target) {
        List<String> cmd = List.of(Programs.require("ip").toString(), "netns", "exec", hostNs,
                Programs.require("socat").toString(), "TCP-LISTEN:" + published + ",bind=" + hostIp + ",reuseaddr,fork",
                "TCP:" + addresses.get(service) + ":" + target);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("files/socat.log").toFile())).start();
            synchronized (processes) {
                processes.add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Paths of this JVM and its class path that live under /tmp or /run (hidden by the private ones). */
    private static List<String> harnessPaths() {
        List<String> out = new ArrayList<>();
        List<String> candidates = new ArrayList<>(List.of(System.getProperty("java.home")));
        candidates.addAll(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)));
        for (String c : candidates) {
            String abs = Path.of(c).toAbsolutePath().toString();
            if ((abs.startsWith("/tmp/") || abs.startsWith("/run/")) && Files.exists(Path.of(abs))) {
                out.add(abs);
            }
        }
        return out;
    }

    /** Stops {@code p} and everything in its namespaces' process tree. */
    public void stop(Process p, Duration grace) {
        if (!p.isAlive()) {
            return;
        }
        p.toHandle().destroy();
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every process (also any left in the namespaces) and removes the namespaces and scratch files. */
    @Override
    public void close() {
        List<Process> all;
        synchronized (processes) {
            all = new ArrayList<>(processes);
        }
        for (Process p : all) {
            p.toHandle().descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : all) {
            try {
                if (!p.waitFor(3, TimeUnit.SECONDS)) {
                    p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(3, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int leftovers = 0;
        for (String ns : created) {
            // Anything still running in the namespace (a daemonised child, say) is killed before it goes.
            Exec.Result pids = Exec.run(List.of("ip", "netns", "pids", ns), Map.of(), work, Duration.ofSeconds(10));
            for (String pid : pids.stdout().split("\\s+")) {
                if (!pid.isBlank()) {
                    leftovers++;
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
        for (String ns : created) {
            Exec.run(List.of("ip", "netns", "delete", ns), Map.of(), Path.of("/"), Duration.ofSeconds(10));
        }
        if (!keep) {
            Exec.run(List.of("rm", "-rf", work.toString()), Map.of(), Path.of("/"), Duration.ofSeconds(60));
        }
        log.pass("teardown: " + all.size() + " processes stopped" + (leftovers > 0 ? ", " + leftovers + " stragglers killed" : "")
                + ", namespaces " + created + " deleted" + (keep ? ", kept " + work : ""));
    }

    private void ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Programs.require("ip").toString()));
        cmd.addAll(List.of(args));
        Exec.Result r = Exec.run(cmd, Map.of(), Path.of("/"), Duration.ofSeconds(20));
        if (!r.ok()) {
            throw new RehearsalFailure("network: ip " + String.join(" ", args) + " failed: " + r.output());
        }
    }

    private void ipn(String ns, String... args) {
        List<String> a = new ArrayList<>(List.of("-n", ns));
        a.addAll(List.of(args));
        ip(a.toArray(String[]::new));
    }
}
