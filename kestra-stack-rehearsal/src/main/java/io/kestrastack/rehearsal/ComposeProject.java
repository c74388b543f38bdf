package io.kestrastack.rehearsal;

import io.kestrastack.internal.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A bundle as the real Compose parser resolves it: the output of {@code docker-compose config} (Debian's 1.29)
 * run on the bundle with its {@code .env}, read back into plain records.
 *
 * <p>Compose 1.29 refuses keys of the newer Compose specification; those are removed from a copy first and
 * each removal is reported ({@link #removedKeys()}). Its output writes every literal {@code $} as {@code $$} so
 * that the output can be read again; the rehearsal collapses them, which is what Compose does when it runs
 * the file (the values then reach the containers with a single {@code $}).
 *
 * @param services the services in file order
 * @param removedKeys what was removed from the copy for Compose 1.29, for the report
 */
public record ComposeProject(List<Service> services, List<String> removedKeys) {

    /**
     * A healthcheck as Compose runs it. Compose's defaults when a field is absent: interval 30 s, timeout 30 s,
     * retries 3, start period 0 (Compose file reference, healthcheck).
     *
     * @param test {@code CMD}/{@code CMD-SHELL} followed by the arguments
     * @param interval time between probes
     * @param timeout how long one probe may take
     * @param retries consecutive failures that make the service unhealthy
     * @param startPeriod time during which failures do not count
     */
    public record Healthcheck(List<String> test, Duration interval, Duration timeout, int retries, Duration startPeriod) {

        /** The command line to run: CMD runs its arguments, CMD-SHELL runs {@code /bin/sh -c STRING}. */
        public List<String> argv() {
            if (test.isEmpty()) {
                throw new RehearsalFailure("empty healthcheck test");
            }
            return switch (test.get(0)) {
                case "CMD" -> test.subList(1, test.size());
                case "CMD-SHELL" -> List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size())));
                default -> List.of("/bin/sh", "-c", String.join(" ", test));
            };
        }

        @Override
        public String toString() {
            return test.toString();
        }
    }

    /**
     * A mount: a bind of a host path or a named volume.
     *
     * @param source host path (absolute) or volume name
     * @param target container path
     * @param named whether source is a named volume
     * @param readOnly whether mounted read-only
     */
    public record Mount(String source, String target, boolean named, boolean readOnly) {}

    /**
     * A published port.
     *
     * @param hostIp the host address it is bound to ({@code 0.0.0.0} for all)
     * @param published the host port
     * @param target the container port
     * @param protocol tcp or udp
     */
    public record Port(String hostIp, int published, int target, String protocol) {}

    /**
     * One service.
     *
     * @param name the service name (also its host name on the network)
     * @param image the image reference
     * @param entrypoint the entrypoint override, empty when the image's applies
     * @param command the command, empty when the image's applies
     * @param environment the resolved environment
     * @param mounts the mounts
     * @param ports the published ports
     * @param dependsOn service name to condition
     * @param healthcheck the healthcheck, if any
     * @param user the user override, if any
     */
    public record Service(String name, String image, List<String> entrypoint, List<String> command,
            Map<String, String> environment, List<Mount> mounts, List<Port> ports, Map<String, String> dependsOn,
            Optional<Healthcheck> healthcheck, Optional<String> user) {

        /** The image name without registry tag, e.g. {@code kestra/kestra} or {@code postgres}. */
        public String imageName() {
            String s = image;
            int at = s.indexOf('@');
            if (at >= 0) {
                s = s.substring(0, at);
            }
            int colon = s.lastIndexOf(':');
            if (colon > s.lastIndexOf('/')) {
                s = s.substring(0, colon);
            }
            if (s.startsWith("docker.io/")) {
                s = s.substring("docker.io/".length());
            }
            if (s.startsWith("library/")) {
                s = s.substring("library/".length());
            }
            return s;
        }

        /** The image tag, or {@code latest}. */
        public String imageTag() {
            String s = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
            int colon = s.lastIndexOf(':');
            return colon > s.lastIndexOf('/') ? s.substring(colon + 1) : "latest";
        }
    }

    /** The service called {@code name}. */
    public Service service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new RehearsalFailure("no service " + name));
    }

    /** Top-level keys and nested keys that Compose 1.29 rejects although the current specification has them. */
    private static final List<String> V1_REJECTS = List.of("name", "include");

    /**
     * Resolves {@code bundle} (a working copy the caller owns; it is edited) with {@code docker-compose config}.
     *
     * @param bundle the bundle directory holding docker-compose.yml and .env
     * @param log where steps are reported
     * @return the resolved project
     */
    @SuppressWarnings("unchecked")
    public static ComposeProject resolve(Path bundle, Log log) {
        Path file = bundle.resolve("docker-compose.yml");
        if (!Files.isRegularFile(file)) {
            file = bundle.resolve("compose.yaml");
        }
        if (!Files.isRegularFile(file)) {
            throw new RehearsalFailure("compose: no docker-compose.yml or compose.yaml in " + bundle);
        }
        List<String> removed = new ArrayList<>();
        try {
            Map<String, Object> doc = (Map<String, Object>) Yaml.load(Files.readString(file));
            for (String key : V1_REJECTS) {
                if (doc.remove(key) != null) {
                    removed.add(key);
                }
            }
            Map<String, Object> services = (Map<String, Object>) doc.getOrDefault("services", Map.of());
            for (Map.Entry<String, Object> s : services.entrySet()) {
                Map<String, Object> svc = (Map<String, Object>) s.getValue();
                if (svc.get("healthcheck") instanceof Map<?, ?> hc && ((Map<String, Object>) hc).remove("start_interval") != null) {
                    removed.add("services." + s.getKey() + ".healthcheck.start_interval");
                }
                if (svc.get("depends_on") instanceof Map<?, ?> deps) {
                    for (Map.Entry<?, ?> d : deps.entrySet()) {
                        if (d.getValue() instanceof Map<?, ?> m && ((Map<String, Object>) m).remove("restart") != null) {
                            removed.add("services." + s.getKey() + ".depends_on." + d.getKey() + ".restart");
                        }
                    }
                }
                if (svc.remove("develop") != null) {
                    removed.add("services." + s.getKey() + ".develop");
                }
            }
            Path copy = bundle.resolve(".rehearsal-compose.yml");
            Files.writeString(copy, Yaml.dump(doc));
            if (!removed.isEmpty()) {
                log.note("compose: removed for docker-compose 1.29, which rejects them: " + String.join(", ", removed));
            }
            List<String> cmd = List.of(Programs.require("docker-compose").toString(), "--project-directory",
                    bundle.toString(), "-f", copy.toString(), "config");
            Exec.Result r = Exec.run(cmd, Map.of(), bundle, Duration.ofSeconds(60));
            // Warnings such as an unset variable exit 0: a rehearsal treats them as failures.
            if (!r.ok() || r.stderr().contains("WARNING")) {
                throw new RehearsalFailure("compose: docker-compose config refused the bundle\n" + r.stderr());
            }
            Files.delete(copy);
            return parse((Map<String, Object>) Yaml.load(r.stdout()), removed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static ComposeProject parse(Map<String, Object> doc, List<String> removed) {
        List<Service> out = new ArrayList<>();
        Map<String, Object> services = (Map<String, Object>) collapse(doc.getOrDefault("services", Map.of()));
        for (Map.Entry<String, Object> e : services.entrySet()) {
            Map<String, Object> s = (Map<String, Object>) e.getValue();
            Map<String, String> env = new LinkedHashMap<>();
            Object environment = s.get("environment");
            if (environment instanceof Map<?, ?> m) {
                m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
            } else if (environment instanceof List<?> l) {
                for (Object item : l) {
                    String kv = String.valueOf(item);
                    int eq = kv.indexOf('=');
                    env.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
                }
            }
            List<Mount> mounts = new ArrayList<>();
            for (Object v : (List<Object>) s.getOrDefault("volumes", List.of())) {
                if (v instanceof String str) {
                    String[] parts = str.split(":");
                    String source = parts[0];
                    String target = parts.length > 1 ? parts[1] : parts[0];
                    boolean ro = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
                    mounts.add(new Mount(source, target, !source.startsWith("/"), ro));
                } else if (v instanceof Map<?, ?> m) {
                    String type = String.valueOf(m.get("type"));
                    mounts.add(new Mount(String.valueOf(m.get("source")), String.valueOf(m.get("target")),
                            type.equals("volume"), Boolean.TRUE.equals(m.get("read_only"))));
                }
            }
            List<Port> ports = new ArrayList<>();
            for (Object p : (List<Object>) s.getOrDefault("ports", List.of())) {
                ports.add(port(p));
            }
            Map<String, String> deps = new LinkedHashMap<>();
            Object dependsOn = s.get("depends_on");
            if (dependsOn instanceof Map<?, ?> m) {
                m.forEach((k, v) -> deps.put(String.valueOf(k), v instanceof Map<?, ?> c && c.get("condition") != null
                        ? String.valueOf(c.get("condition")) : "service_started"));
            } else if (dependsOn instanceof List<?> l) {
                l.forEach(k -> deps.put(String.valueOf(k), "service_started"));
            }
            Optional<Healthcheck> hc = Optional.empty();
            if (s.get("healthcheck") instanceof Map<?, ?> h && !Boolean.TRUE.equals(h.get("disable"))) {
                Object test = h.get("test");
                List<String> t = test instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                        : List.of("CMD-SHELL", String.valueOf(test));
                if (!t.equals(List.of("NONE"))) {
                    hc = Optional.of(new Healthcheck(t, duration(h.get("interval"), 30), duration(h.get("timeout"), 30),
                            h.get("retries") == null ? 3 : Integer.parseInt(String.valueOf(h.get("retries"))),
                            duration(h.get("start_period"), 0)));
                }
            }
            out.add(new Service(e.getKey(), String.valueOf(s.getOrDefault("image", "")), words(s.get("entrypoint")),
                    words(s.get("command")), env, mounts, ports, deps, hc,
                    Optional.ofNullable(s.get("user")).map(String::valueOf)));
        }
        return new ComposeProject(out, removed);
    }

    private static final Pattern PORT = Pattern.compile("(?:(?<ip>\\d+\\.\\d+\\.\\d+\\.\\d+):)?(?:(?<pub>\\d+):)?(?<target>\\d+)(?:/(?<proto>\\w+))?");

    private static Port port(Object p) {
        if (p instanceof Map<?, ?> m) {
            return new Port(m.get("host_ip") == null ? "0.0.0.0" : String.valueOf(m.get("host_ip")),
                    Integer.parseInt(String.valueOf(m.get("published"))), Integer.parseInt(String.valueOf(m.get("target"))),
                    m.get("protocol") == null ? "tcp" : String.valueOf(m.get("protocol")));
        }
        Matcher m = PORT.matcher(String.valueOf(p));
        if (!m.matches() || m.group("pub") == null) {
            throw new RehearsalFailure("compose: cannot rehearse port " + p + " (a published port needs a host port)");
        }
        return new Port(m.group("ip") == null ? "0.0.0.0" : m.group("ip"), Integer.parseInt(m.group("pub")),
                Integer.parseInt(m.group("target")), m.group("proto") == null ? "tcp" : m.group("proto"));
    }

    private static List<String> words(@Nullable Object o) {
        if (o == null) {
            return List.of();
        }
        if (o instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        // Compose splits a string command with shell-like rules; the rendered bundles use lists.
        return List.of("/bin/sh", "-c", String.valueOf(o));
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|ns|h|m|s)");

    static Duration duration(@Nullable Object o, long defaultSeconds) {
        if (o == null) {
            return Duration.ofSeconds(defaultSeconds);
        }
        Matcher m = DURATION.matcher(String.valueOf(o));
        long nanos = 0;
        boolean any = false;
        while (m.find()) {
            any = true;
            double v = Double.parseDouble(m.group(1));
            nanos += (long) (v * switch (m.group(2)) {
                case "h" -> 3_600e9;
                case "m" -> 60e9;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us" -> 1e3;
                default -> 1;
            });
        }
        if (!any) {
            throw new RehearsalFailure("compose: cannot read duration " + o);
        }
        return Duration.ofNanos(nanos);
    }

    /** Collapses the {@code $$} that {@code docker-compose config} writes for every literal {@code $}. */
    private static Object collapse(Object o) {
        if (o instanceof String s) {
            return s.replace("$$", "$");
        }
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, v == null ? null : collapse(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(v == null ? null : collapse(v)));
            return out;
        }
        return o;
    }
}
