package io.kestrastack.testing;

import io.kestrastack.internal.Yaml;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Docker Compose linter {@code dclint} 3.x (npm package {@code dclint}), run with the project's rule
 * configuration {@code /dclint/dclintrc.yaml} from the core test resources, which explains every rule
 * choice. Its JSON report is parsed into {@link Message}s.
 *
 * <p>The executable is {@code $DCLINT} if set, else {@code dclint} on the {@code PATH}, else
 * {@code .tools/node_modules/.bin/dclint} in the working directory or one of its parents (where
 * {@link #INSTALL} puts it). If it is missing the test fails (it never skips) and names that command.
 */
public final class Dclint {

    /** How to install dclint, run from the repository root. */
    public static final String INSTALL = "npm install --prefix .tools --no-audit --no-fund --loglevel=error dclint@3.1.0";

    /** The rule configuration on the class path (core test resources, shipped in the test-jar). */
    public static final String CONFIG_RESOURCE = "/dclint/dclintrc.yaml";

    private static final Path LOCAL = Path.of(".tools", "node_modules", ".bin", "dclint");

    private final Path binary;
    private final String version;

    private Dclint(Path binary, String version) {
        this.binary = binary;
        this.version = version;
    }

    /**
     * One finding.
     *
     * @param file the linted file
     * @param rule the rule name, such as {@code no-version-field} ({@code invalid-schema} and
     *     {@code invalid-yaml} for the checks that cannot be turned off)
     * @param type {@code error} or {@code warning}
     * @param line the line in the file
     * @param message dclint's explanation
     */
    public record Message(String file, String rule, String type, int line, String message) {
        @Override
        public String toString() {
            return file + ":" + line + " " + type + " " + rule + ": " + message;
        }
    }

    /**
     * Finds dclint 3.x.
     *
     * @throws AssertionError naming the install command if it is missing or another major version
     */
    public static Dclint locate() {
        Path binary = find().orElseThrow(() -> new AssertionError(
                "dclint 3.x not found (looked at $DCLINT, the PATH and .tools/node_modules/.bin/dclint above "
                        + Path.of("").toAbsolutePath() + "); install it from the repository root with: " + INSTALL));
        Path home = temp("dclint-home");
        try {
            ToolProcess.Result r = ToolProcess.run(List.of(binary.toString(), "--version"), home,
                    ToolProcess.baseEnvironment(home), Duration.ofSeconds(60));
            String v = r.stdout().strip();
            if (r.exitCode() != 0 || !v.startsWith("3.")) {
                throw new AssertionError("expected dclint 3.x (" + INSTALL + "), got:\n" + r.describe());
            }
            return new Dclint(binary, v);
        } finally {
            BundleDir.delete(home);
        }
    }

    private static Optional<Path> find() {
        String configured = System.getenv("DCLINT");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        Optional<Path> onPath = ToolProcess.onPath("dclint");
        if (onPath.isPresent()) {
            return onPath;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(LOCAL);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The version, such as {@code 3.1.0}. */
    public String version() {
        return version;
    }

    /**
     * Lints the given Compose files in one run.
     *
     * @return every finding, errors and warnings alike
     * @throws AssertionError if dclint itself fails
     */
    public List<Message> lint(List<Path> composeFiles) {
        if (composeFiles.isEmpty()) {
            throw new IllegalArgumentException("no files to lint");
        }
        Path work = temp("dclint");
        try {
            Path config = work.resolve("dclintrc.yaml");
            try (InputStream in = Dclint.class.getResourceAsStream(CONFIG_RESOURCE)) {
                if (in == null) {
                    throw new AssertionError("missing class path resource " + CONFIG_RESOURCE);
                }
                Files.write(config, in.readAllBytes());
            }
            Path report = work.resolve("report.json");
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--config", config.toString(),
                    "--formatter", "json", "--output-file", report.toString()));
            composeFiles.forEach(f -> command.add(f.toString()));
            ToolProcess.Result r = ToolProcess.run(command, work, ToolProcess.baseEnvironment(work), Duration.ofSeconds(120));
            // 0: clean, 1: findings. Anything else (or no report) means dclint itself failed.
            if ((r.exitCode() != 0 && r.exitCode() != 1) || !Files.exists(report)) {
                throw new AssertionError("dclint failed:\n" + r.describe());
            }
            return parse(Files.readString(report, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            BundleDir.delete(work);
        }
    }

    /**
     * Lints the files and fails, listing every finding, unless there is none.
     *
     * @throws AssertionError with the findings
     */
    public void assertClean(List<Path> composeFiles) {
        List<Message> messages = lint(composeFiles);
        if (!messages.isEmpty()) {
            throw new AssertionError("dclint " + version + " found " + messages.size() + " problem(s):\n  "
                    + messages.stream().map(Message::toString).collect(Collectors.joining("\n  ")));
        }
    }

    private static List<Message> parse(String json) {
        List<Message> out = new ArrayList<>();
        Object root = Yaml.load(json); // JSON is YAML 1.2
        if (!(root instanceof List<?> files)) {
            throw new AssertionError("unexpected dclint report:\n" + json);
        }
        for (Object f : files) {
            Map<?, ?> file = (Map<?, ?>) f;
            for (Object m : (List<?>) file.get("messages")) {
                Map<?, ?> msg = (Map<?, ?>) m;
                out.add(new Message(String.valueOf(file.get("filePath")), String.valueOf(msg.get("rule")),
                        String.valueOf(msg.get("type")), ((Number) msg.get("line")).intValue(),
                        String.valueOf(msg.get("message"))));
            }
        }
        return out;
    }

    private static Path temp(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
