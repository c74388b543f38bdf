package io.kestrastack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

/**
 * Debian's {@code docker-compose} 1.29 (the Python Compose v1), run as {@code docker-compose -f FILE
 * --project-directory DIR config}. It needs no Docker daemon, reads the project's {@code .env} with its
 * own reader (python-dotenv) and prints the resolved configuration, which this class parses back.
 *
 * <p>Compose 1.29 refuses the top-level {@code name} key that Compose v2 wants, so {@link #config(Path)}
 * feeds it a copy of {@code docker-compose.yml} without that one line; nothing else is changed. A
 * {@code WARNING} in its output (an unset variable, an unreadable {@code .env} line) fails the run, because
 * 1.29 reports such problems with exit code 0.
 *
 * <p>The binary is {@code $DOCKER_COMPOSE} if set, else {@code docker-compose} on the {@code PATH}. If it
 * is missing the test fails (it never skips) and says how to install it.
 */
public final class ComposeCli {

    /** How to install the tool on Debian. */
    public static final String INSTALL = "apt-get install -y docker-compose";

    private static final Pattern VERSION = Pattern.compile("docker-compose version (1\\.29\\.[0-9]+)");
    private static final Pattern NAME_LINE = Pattern.compile("(?m)^name:.*\\n");

    private final Path binary;
    private final String version;

    private ComposeCli(Path binary, String version) {
        this.binary = binary;
        this.version = version;
    }

    /**
     * Finds {@code docker-compose} 1.29.
     *
     * @throws AssertionError naming the install command if it is missing or another version
     */
    public static ComposeCli locate() {
        String configured = System.getenv("DOCKER_COMPOSE");
        Path binary = configured != null && !configured.isBlank() ? Path.of(configured)
                : ToolProcess.onPath("docker-compose").orElseThrow(() -> new AssertionError(
                        "docker-compose (Compose v1.29) is not on the PATH; install it with: " + INSTALL));
        if (!Files.isExecutable(binary)) {
            throw new AssertionError(binary + " is not executable; install docker-compose with: " + INSTALL);
        }
        Path home = tempDir("compose-home");
        try {
            ToolProcess.Result r = ToolProcess.run(List.of(binary.toString(), "version"), home,
                    ToolProcess.baseEnvironment(home), Duration.ofSeconds(60));
            Matcher m = VERSION.matcher(r.stdout());
            if (r.exitCode() != 0 || !m.find()) {
                throw new AssertionError("expected docker-compose 1.29.x (" + INSTALL + "), got:\n" + r.describe());
            }
            return new ComposeCli(binary, m.group(1));
        } finally {
            BundleDir.delete(home);
        }
    }

    /** The version, such as {@code 1.29.2}. */
    public String version() {
        return version;
    }

    /**
     * Runs {@code config} on {@code bundle/docker-compose.yml} (minus its {@code name} line) with
     * {@code bundle} as project directory, so {@code .env} and relative bind mounts come from there. The
     * environment is empty apart from {@code PATH}, {@code HOME} and the locale, so no shell variable can
     * override {@code .env}.
     *
     * @throws AssertionError if the tool fails or prints a warning
     */
    public Config config(Path bundle) {
        Path work = tempDir("compose-v1");
        try {
            String compose = Files.readString(bundle.resolve("docker-compose.yml"), StandardCharsets.UTF_8);
            Path file = work.resolve("docker-compose.yml");
            Files.writeString(file, withoutProjectName(compose), StandardCharsets.UTF_8);
            Path home = Files.createDirectory(work.resolve("home"));
            Map<String, String> env = new LinkedHashMap<>(ToolProcess.baseEnvironment(home));
            env.put("PYTHONIOENCODING", "utf-8");
            ToolProcess.Result r = ToolProcess.run(
                    List.of(binary.toString(), "-f", file.toString(), "--project-directory", bundle.toString(), "config"),
                    bundle, env, Duration.ofSeconds(120));
            if (r.exitCode() != 0) {
                throw new AssertionError("docker-compose " + version + " rejected the bundle:\n" + r.describe());
            }
            String output = r.stdout() + "\n" + r.stderr();
            if (output.toUpperCase(Locale.ROOT).contains("WARNING")) {
                throw new AssertionError("docker-compose " + version + " warned about the bundle:\n" + r.describe());
            }
            return new Config(parseOutput(r.stdout()), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            BundleDir.delete(work);
        }
    }

    /**
     * {@code composeYaml} without its top-level {@code name:} line, which Compose 1.29 rejects.
     *
     * @throws AssertionError unless there is exactly one such line
     */
    public static String withoutProjectName(String composeYaml) {
        Matcher m = NAME_LINE.matcher(composeYaml);
        int count = 0;
        while (m.find()) {
            count++;
        }
        if (count != 1) {
            throw new AssertionError("expected exactly one top-level name: line, found " + count);
        }
        return NAME_LINE.matcher(composeYaml).replaceFirst("");
    }

    /**
     * Parses the printed configuration. Compose 1.29 writes every {@code $} of a string as {@code $$};
     * that is undone here. All scalars are read as strings (YAML failsafe schema), so no YAML 1.1/1.2
     * difference between its writer and this reader can change a value.
     */
    static Map<String, Object> parseOutput(String stdout) {
        Object loaded = new Load(LoadSettings.builder().setSchema(new FailsafeSchema()).setAllowDuplicateKeys(false).build())
                .loadFromString(stdout);
        if (!(loaded instanceof Map)) {
            throw new AssertionError("docker-compose config printed no mapping:\n" + stdout);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) unescape(loaded);
        return root;
    }

    private static Object unescape(Object node) {
        if (node instanceof String s) {
            return s.replace("$$", "$");
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) unescape(k), v == null ? null : unescape(v)));
            return Collections.unmodifiableMap(out);
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(v == null ? null : unescape(v)));
            return Collections.unmodifiableList(out);
        }
        return node;
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The configuration as Compose 1.29 resolved it.
     *
     * @param root the parsed output, every {@code $$} turned back into {@code $}
     * @param result the run
     */
    public record Config(Map<String, Object> root, ToolProcess.Result result) {

        /** Service names. */
        public List<String> serviceNames() {
            return List.copyOf(services().keySet());
        }

        /** One service. */
        @SuppressWarnings("unchecked")
        public Map<String, Object> service(String name) {
            Object s = services().get(name);
            if (!(s instanceof Map)) {
                throw new AssertionError("docker-compose config has no service " + name + ":\n" + result.stdout());
            }
            return (Map<String, Object>) s;
        }

        /** The resolved environment of one service. */
        public Map<String, String> environment(String service) {
            Object env = service(service).get("environment");
            Map<String, String> out = new LinkedHashMap<>();
            if (env instanceof Map<?, ?> m) {
                m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
            } else if (env != null) {
                throw new AssertionError("unexpected environment shape for " + service + ": " + env);
            }
            return out;
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> services() {
            Object s = root.get("services");
            if (!(s instanceof Map)) {
                throw new AssertionError("docker-compose config printed no services:\n" + result.stdout());
            }
            return (Map<String, Object>) s;
        }
    }
}
