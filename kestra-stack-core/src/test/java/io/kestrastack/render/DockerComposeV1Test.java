package io.kestrastack.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kestrastack.Secret;
import io.kestrastack.Stack;
import io.kestrastack.internal.Yaml;
import io.kestrastack.testing.BundleDir;
import io.kestrastack.testing.ComposeCli;
import io.kestrastack.testing.ComposeProject;
import io.kestrastack.testing.ExpectedEnvironment;
import io.kestrastack.testing.RenderedBundle;
import io.kestrastack.testing.StackArbitraries;
import io.kestrastack.testing.Examples;
import io.kestrastack.testing.TestSecrets;
import io.kestrastack.testing.Violations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real Compose v1 ({@code docker-compose} 1.29, Debian) reads every rendered bundle without error or
 * warning, and its own {@code .env} reader (python-dotenv) and interpolation give each container exactly the
 * values the model holds, the same ones Compose v2's rules give ({@link ComposeProject}).
 *
 * <p>Compose 1.29 rejects the top-level {@code name} key, so it is fed a copy without that line (see
 * {@link ComposeCli#withoutProjectName(String)}); nothing else is changed. The test fails when the tool is
 * missing: install it with {@value ComposeCli#INSTALL}.
 */
class DockerComposeV1Test {

    private static ComposeCli cli;

    private static synchronized ComposeCli cli() {
        if (cli == null) {
            cli = ComposeCli.locate();
        }
        return cli;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kestrastack.render.GoldenFilesTest#cases")
    void golden_stacks_resolve_without_warnings_to_the_exact_values(String caseName, Stack stack) {
        assertResolvesExactly(stack);
    }

    @Provide
    Arbitrary<Stack> awkwardStacks() {
        // Every sampled stack carries a YAML 1.1 word and a free-form literal as flow variables, so that the
        // few stacks that reach the real tool all exercise its YAML reader and its interpolation.
        return StackArbitraries.stackBuilders()
                .use(StackArbitraries.yamlWords()).in((b, w) -> b.kestra(k -> k.putFlowEnvironment("YAML_WORD", w)))
                .use(StackArbitraries.literals()).in((b, v) -> b.kestra(k -> k.putFlowEnvironment("LITERAL", v)))
                .build(Stack.Builder::build);
    }

    @Property(tries = 20)
    void generated_stacks_resolve_without_warnings_to_the_exact_values(@ForAll("awkwardStacks") Stack stack) {
        assertResolvesExactly(stack);

        String supplied = String.join("", stack.secrets().stream()
                .filter(s -> !s.generated() && !s.variable().startsWith("SECRET_")).map(TestSecrets::valueOf).toList());
        for (String c : List.of("$", "#", "\"", " ")) {
            Statistics.label("secret with " + c).collect(supplied.contains(c));
            Statistics.label("secret with " + c).coverage(cov -> cov.check(true).count(n -> n >= 3));
        }
        Statistics.label("secret with non-ASCII").collect(supplied.chars().anyMatch(ch -> ch > 127));
        Statistics.label("secret with non-ASCII").coverage(cov -> cov.check(true).count(n -> n >= 3));
        Statistics.label("config delivery").collect(stack.kestra().configDelivery());
    }

    /**
     * The two places where Compose 1.29's .env reader (python-dotenv) and Compose v2's disagree on a
     * single-quoted value: v1 expands {@code ${NAME}} and {@code ${NAME:-default}} even there, and decodes
     * {@code \\} to one backslash. The secret checks refuse both classes ({@code secret-placeholder},
     * {@code secret-unsafe-quote}), so no accepted secret can reach the two Composes differently.
     */
    @Test
    void where_compose_v1_and_v2_read_a_single_quoted_value_differently_the_secret_checks_refuse_the_value() {
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("PLACEHOLDER", new String[] {"a${NOT_SET:-x}b", "axb", "secret-placeholder"});
        cases.put("BACKSLASHES", new String[] {"a\\\\b", "a\\b", "secret-unsafe-quote"});
        StringBuilder env = new StringBuilder();
        StringBuilder compose = new StringBuilder("name: probe\nservices:\n  probe:\n    image: example.org/probe:1.0\n"
                + "    environment:\n");
        cases.forEach((name, c) -> {
            env.append(name).append("='").append(c[0]).append("'\n");
            compose.append("      ").append(name).append(": '${").append(name).append("}'\n");
        });
        RenderedBundle bundle = RenderedBundle.of(List.of(RenderedFile.of("docker-compose.yml", compose.toString()),
                new RenderedFile(".env", env.toString(), RenderedFile.PRIVATE)));
        Map<String, String> v2 = bundle.compose().environment("probe");
        try (BundleDir dir = BundleDir.write(bundle.files())) {
            Map<String, String> v1 = cli().config(dir.root()).environment("probe");
            cases.forEach((name, c) -> {
                assertEquals(c[0], v2.get(name), "Compose v2 reads " + name + " literally");
                assertEquals(c[1], v1.get(name), "Compose 1.29 reads " + name + " differently");
                Violations.assertViolation(() -> Examples.minimal().postgres(p -> p.password(Secret.of("POSTGRES_PASSWORD",
                        c[0]))).build(), "postgres.password", c[2]);
            });
        }
    }

    private static void assertResolvesExactly(Stack stack) {
        RenderedBundle bundle = RenderedBundle.of(stack);
        ComposeProject v2 = bundle.compose();
        try (BundleDir dir = BundleDir.write(bundle.files())) {
            ComposeCli.Config v1 = cli().config(dir.root());
            assertEquals(v2.serviceNames().stream().sorted().toList(), v1.serviceNames().stream().sorted().toList());
            String pg = stack.postgres().serviceName();
            String kestra = stack.kestra().serviceName();

            assertEquals(ExpectedEnvironment.postgres(stack), v1.environment(pg));
            Map<String, String> kestraEnv = new LinkedHashMap<>(v1.environment(kestra));
            String inlineConfig = kestraEnv.remove("KESTRA_CONFIGURATION");
            assertEquals(ExpectedEnvironment.kestra(stack), kestraEnv);
            if (ExpectedEnvironment.inlineConfiguration(stack)) {
                assertEquals(Yaml.load(v2.environment(kestra).get("KESTRA_CONFIGURATION")), Yaml.load(inlineConfig));
            }
            for (String service : v2.serviceNames()) {
                assertEquals(v2.environment(service), v1.environment(service), "environment of " + service);
                assertEquals(v2.service(service).get("command"), v1.service(service).get("command"), "command of " + service);
                assertEquals(v2.service(service).get("entrypoint"), v1.service(service).get("entrypoint"),
                        "entrypoint of " + service);
                assertEquals(v2.service(service).get("restart"), v1.service(service).get("restart"), "restart of " + service);
                Object healthcheck = v2.service(service).get("healthcheck");
                assertEquals(healthcheck == null ? null : ((Map<?, ?>) healthcheck).get("test"),
                        v1.service(service).get("healthcheck") == null ? null
                                : ((Map<?, ?>) v1.service(service).get("healthcheck")).get("test"),
                        "healthcheck of " + service);
            }
            for (Secret s : stack.secrets()) {
                String expected = s.variable().startsWith("SECRET_") ? TestSecrets.base64Of(s) : TestSecrets.valueOf(s);
                assertEquals(expected, v1.environment(kestra).getOrDefault(s.variable(), v1.environment(pg).get(s.variable())),
                        s + " as Compose 1.29 reads it from .env");
            }
        }
    }
}
