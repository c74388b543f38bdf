package io.kestrastack.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.Secret;
import io.kestrastack.Stack;
import io.kestrastack.testing.StackArbitraries;
import io.kestrastack.testing.ToolProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Every shell line of the copy-paste steps in {@code VERIFY.md} and {@code BACKUP.md} is valid {@code sh}
 * ({@code sh -n}), and run against mock {@code docker} and {@code curl} commands it passes each model
 * value as one whole argument and executes none of it (issue 10 item 5).
 */
class GeneratedShellLinesTest {

    /** Addresses the email rules accept that a shell would act on: backticks, quotes, globs, pipes. */
    static final List<String> HOSTILE_EMAILS = List.of("a`injected`b@example.com", "o'brien@example.com",
            "x|injected@example.com", "*@example.com", "a&injected@example.com", "~root@example.com",
            "q'`injected`'@example.com", "a#b@example.com", "!injected@example.com");

    @Provide
    Arbitrary<String> emails() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.of(HOSTILE_EMAILS)),
                net.jqwik.api.Tuple.of(2, StackArbitraries.emails()));
    }

    @Property(tries = 40)
    void every_value_in_a_generated_shell_line_stays_one_word(@ForAll("stacks") Stack stack) throws IOException {
        StackBundle bundle = StackBundle.of(stack);
        Path work = Files.createTempDirectory("shell-lines");
        try {
            Files.writeString(work.resolve(".env"), "BASIC_AUTH_PASSWORD='pw'\n");
            String script = shellBlocks(bundle.content("VERIFY.md")) + shellBlocks(bundle.content("BACKUP.md"));
            ToolProcess.Result syntax = ToolProcess.run(List.of("sh", "-n", "-c", script), work, Map.of("PATH", "/usr/bin:/bin"),
                    Duration.ofSeconds(10));
            assertEquals(0, syntax.exitCode(), syntax.describe() + "\n" + script);

            String mocks = String.join("\n",
                    "record() { for a in \"$@\"; do printf '%s\\n' \"$a\"; done >> args; echo '----' >> args; }",
                    "docker() { record docker \"$@\"; }",
                    "curl() { record curl \"$@\"; }",
                    "injected() { touch INJECTED; }",
                    "");
            ToolProcess.Result run = ToolProcess.run(List.of("sh", "-c", mocks + script), work,
                    Map.of("PATH", "/usr/bin:/bin"), Duration.ofSeconds(10));
            assertFalse(Files.exists(work.resolve("INJECTED")), "a value was executed:\n" + script);
            List<List<String>> calls = calls(Files.readString(work.resolve("args")));
            String user = stack.kestra().basicAuth().username();
            assertTrue(calls.stream().anyMatch(c -> c.contains(user + ":pw")),
                    "the basic-auth user and password are one argument of curl -u: " + calls + "\n" + script + run.describe());
            assertTrue(calls.stream().anyMatch(c -> c.containsAll(List.of(stack.postgres().user(), stack.postgres().database(),
                    stack.postgres().serviceName()))), calls.toString());
            String url = stack.kestraUrl();
            assertTrue(calls.stream().anyMatch(c -> c.contains(url + "api/v1/main/flows/search")), calls.toString());
        } finally {
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Provide
    Arbitrary<Stack> stacks() {
        return StackArbitraries.stackBuilders()
                .use(emails()).in((b, email) -> b.kestra(k -> k.basicAuth(email, Secret.of("BASIC_AUTH_PASSWORD", "Aa1-password"))))
                .build(Stack.Builder::build);
    }

    @Test
    void a_backtick_in_the_admin_email_is_not_a_command_in_verify_md() throws IOException {
        Stack stack = StackArbitraries.stacks().sample().toBuilder()
                .kestra(k -> k.basicAuth("a`injected`b@example.com", Secret.of("BASIC_AUTH_PASSWORD", "Aa1-password")))
                .build();
        every_value_in_a_generated_shell_line_stays_one_word(stack);
    }

    /** The lines inside the {@code ```sh} blocks of a Markdown document, unindented. */
    static String shellBlocks(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean in = false;
        for (String line : markdown.split("\n")) {
            String t = line.strip();
            if (t.equals("```sh")) {
                in = true;
            } else if (t.equals("```")) {
                in = false;
            } else if (in) {
                out.append(t).append('\n');
            }
        }
        return out.toString();
    }

    private static List<List<String>> calls(String args) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : Arrays.asList(args.split("\n"))) {
            if (line.equals("----")) {
                out.add(current);
                current = new ArrayList<>();
            } else {
                current.add(line);
            }
        }
        return out;
    }
}
