package io.kestrastack.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Nothing read from {@code .env} is ever printed except valid variable names (issue 10 item 2): marker
 * secrets are put into an existing bundle's {@code .env} in every shape an operator may leave there
 * (multi-line pasted keys, a line without {@code =}, a name with a space, comments, trailing text after a
 * quote, unterminated quotes, a bare line that looks like a name), then {@code generate --dry-run}, {@code generate}, {@code validate} and
 * {@code lint} run; no output stream contains a marker.
 */
class SecretLeakPropertiesTest {

    private static final String MARKER = "Zq9MARKER";

    /** Shapes of .env text holding a marker; each is a complete line or group of lines. */
    private static final List<String> SHAPES = List.of(
            "PASTED_KEY=\"-----BEGIN KEY-----\n" + MARKER + "1\n-----END KEY-----\"",
            "PASTED_KEY2='line one\n" + MARKER + "2\n'",
            MARKER + "3",
            MARKER + "4 with spaces=value",
            "my-" + MARKER + "5=value",
            "# the old password was " + MARKER + "6",
            "TOKEN='" + MARKER + "7' trailing " + MARKER + "8",
            "UNCLOSED=\"" + MARKER + "9\nMORE=x",
            "DOLLAR=pa$" + MARKER + "10",
            "export " + MARKER + "11 x=1",
            "USER:" + MARKER + "13 \\",
            "BASIC_AUTH_PASSWORD=" + MARKER + "14",
            "ü" + MARKER + "15=1",
            "A=\"" + MARKER + "16\" extra",
            "=" + MARKER + "17");

    @Provide
    Arbitrary<List<String>> envShapes() {
        return Arbitraries.of(SHAPES).list().ofMinSize(1).ofMaxSize(3);
    }

    @Property(tries = 30)
    void no_output_of_any_command_contains_a_value_read_from_env(@ForAll("envShapes") List<String> shapes)
            throws IOException {
        Path work = Files.createTempDirectory("leak");
        try {
            Path dir = work.resolve("bundle");
            run("generate", "--out", dir.toString());
            String env = Files.readString(dir.resolve(".env"));
            Files.writeString(dir.resolve(".env"), env + String.join("\n", shapes) + "\n");
            List<String[]> commands = new ArrayList<>();
            commands.add(new String[] {"generate", "--out", dir.toString(), "--dry-run", "--context-path", "/other"});
            commands.add(new String[] {"generate", "--out", dir.toString(), "--force"});
            commands.add(new String[] {"validate", dir.toString()});
            commands.add(new String[] {"lint", dir.toString()});
            commands.add(new String[] {"lint", "--format", "json", dir.toString()});
            commands.add(new String[] {"lint", dir.resolve(".env").toString()});
            for (String[] command : commands) {
                String printed = run(command);
                assertFalse(printed.contains("MARKER"), String.join(" ", command) + " printed a value from .env:\n"
                        + printed + "\n--- .env shapes:\n" + String.join("\n", shapes));
            }
            Statistics.label("shapes").collect(shapes.size());
        } finally {
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            try {
                Main.run(args, ps, ps);
            } catch (RuntimeException e) {
                // an uncaught exception is output too: its message and its causes' messages
                for (Throwable t = e; t != null; t = t.getCause()) {
                    ps.println(t);
                }
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
