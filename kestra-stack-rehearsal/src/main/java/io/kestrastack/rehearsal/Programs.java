package io.kestrastack.rehearsal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finds the real programs the rehearsal runs, naming the Debian package of any that is missing. */
public final class Programs {

    /** Program to the Debian package that installs it. */
    static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("ip", "iproute2"), Map.entry("unshare", "util-linux"), Map.entry("nsenter", "util-linux"),
            Map.entry("setpriv", "util-linux"), Map.entry("mount", "mount"), Map.entry("chroot", "coreutils"),
            Map.entry("docker-compose", "docker-compose"), Map.entry("socat", "socat"), Map.entry("openssl", "openssl"),
            Map.entry("curl", "curl"), Map.entry("wget", "wget"), Map.entry("nginx", "nginx"),
            Map.entry("caddy", "caddy"), Map.entry("initdb", "postgresql"), Map.entry("postgres", "postgresql"),
            Map.entry("pg_ctl", "postgresql"), Map.entry("pg_isready", "postgresql-client"),
            Map.entry("pg_dump", "postgresql-client"), Map.entry("pg_restore", "postgresql-client"),
            Map.entry("psql", "postgresql-client"), Map.entry("prometheus", "prometheus"),
            Map.entry("promtool", "prometheus"), Map.entry("prometheus-alertmanager", "prometheus-alertmanager"),
            Map.entry("amtool", "prometheus-alertmanager"), Map.entry("prometheus-blackbox-exporter", "prometheus-blackbox-exporter"),
            Map.entry("prometheus-postgres-exporter", "prometheus-postgres-exporter"),
            Map.entry("prometheus-node-exporter", "prometheus-node-exporter"));

    private Programs() {}

    /** The directory of Debian's PostgreSQL server binaries ({@code /usr/lib/postgresql/N/bin}, newest N). */
    public static Path postgresBin() {
        Path base = Path.of("/usr/lib/postgresql");
        try (var dirs = Files.list(base)) {
            return dirs.map(d -> d.resolve("bin")).filter(d -> Files.isExecutable(d.resolve("initdb")))
                    .max((a, b) -> Integer.compare(major(a), major(b)))
                    .orElseThrow(() -> new MissingProgram("initdb", "postgresql"));
        } catch (java.io.IOException e) {
            throw new MissingProgram("initdb", "postgresql");
        }
    }

    private static int major(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The path of {@code program}, or {@link MissingProgram}. */
    public static Path require(String program) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, program);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new MissingProgram(program, PACKAGES.getOrDefault(program, program));
    }
}
