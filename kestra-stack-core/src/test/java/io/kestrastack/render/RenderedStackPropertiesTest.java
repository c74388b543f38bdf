package io.kestrastack.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.ConfigDelivery;
import io.kestrastack.ForwardProxy;
import io.kestrastack.InternalStorage;
import io.kestrastack.KestraService;
import io.kestrastack.Scheme;
import io.kestrastack.Secret;
import io.kestrastack.Stack;
import io.kestrastack.internal.ComposeText;
import io.kestrastack.testing.ComposeProject;
import io.kestrastack.testing.Examples;
import io.kestrastack.testing.ExpectedEnvironment;
import io.kestrastack.testing.RenderedBundle;
import io.kestrastack.testing.StackArbitraries;
import io.kestrastack.testing.TestSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the rendered files of generated stacks, asserted on the files as Compose v2 and Kestra
 * read them (YAML parsed, {@code .env} and interpolation applied by {@link ComposeProject}).
 */
class RenderedStackPropertiesTest {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}");

    @Provide
    Arbitrary<Stack> stacks() {
        return StackArbitraries.stacks();
    }

    @Property(tries = 300)
    void kestra_url_is_scheme_host_port_and_path_with_exactly_one_trailing_slash(
            @ForAll("schemes") String scheme, @ForAll("hosts") String host, @ForAll("ports") Optional<Integer> port,
            @ForAll("paths") String path, @ForAll ConfigDelivery delivery) {
        Stack stack = Examples.minimal().publicAddress(scheme + "://" + host + port.map(p -> ":" + p).orElse(""))
                .contextPath(path).kestra(k -> k.configDelivery(delivery)).build();

        String lowerScheme = scheme.toLowerCase(Locale.ROOT);
        int defaultPort = lowerScheme.equals("https") ? 443 : 80;
        String origin = lowerScheme + "://" + host.toLowerCase(Locale.ROOT)
                + port.filter(p -> p != defaultPort).map(p -> ":" + p).orElse("");
        String segments = path.strip().replaceAll("^/", "").replaceAll("/$", "");
        String expected = origin + (segments.isEmpty() ? "/" : "/" + segments + "/");

        String url = (String) RenderedBundle.at(RenderedBundle.of(stack).kestraConfigResolved("kestra"), "kestra.url")
                .orElseThrow();
        assertEquals(expected, url);
        assertTrue(url.endsWith("/") && !url.endsWith("//"), url);

        Statistics.label("context path").collect(segments.isEmpty() ? "root" : segments.contains("/") ? "nested" : "one segment");
        Statistics.label("port").collect(port.isEmpty() ? "none" : port.get() == defaultPort ? "default" : "explicit");
        Statistics.label("context path").coverage(c -> {
            c.check("root").percentage(p -> p >= 10);
            c.check("one segment").percentage(p -> p >= 10);
            c.check("nested").percentage(p -> p >= 10);
        });
        Statistics.label("port").coverage(c -> {
            c.check("none").percentage(p -> p >= 10);
            c.check("default").percentage(p -> p >= 5);
            c.check("explicit").percentage(p -> p >= 10);
        });
    }

    @Provide
    Arbitrary<String> schemes() {
        return Arbitraries.of("http", "https", "HTTP", "Https");
    }

    @Provide
    Arbitrary<String> hosts() {
        return StackArbitraries.hosts();
    }

    @Provide
    Arbitrary<Optional<Integer>> ports() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, Arbitraries.just(Optional.<Integer>empty())),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(80, 443).map(Optional::of)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 65535).map(Optional::of)));
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.of(" / ", "")),
                net.jqwik.api.Tuple.of(4, StackArbitraries.contextPaths()));
    }

    @Property(tries = 300)
    void no_secret_value_appears_in_docker_compose_yml_or_the_kestra_config_file(@ForAll("stacks") Stack stack) {
        RenderedBundle bundle = RenderedBundle.of(stack);
        String compose = bundle.text(ComposeRenderer.PATH);
        String configFile = bundle.find(KestraConfigRenderer.PATH).map(RenderedFile::content).orElse("");
        List<Secret> secrets = new ArrayList<>(stack.secrets());
        for (Secret s : secrets) {
            String value = TestSecrets.valueOf(s);
            // Every generated value has 8 or more characters; a shorter one could occur in the text by chance.
            assertTrue(value.length() >= 8, () -> s + " is too short to search for");
            for (String form : List.of(value, ComposeText.literal(value), TestSecrets.base64Of(s))) {
                assertFalse(compose.contains(form), () -> s + " appears in docker-compose.yml");
                assertFalse(configFile.contains(form), () -> s + " appears in the Kestra configuration file");
            }
        }
        String supplied = String.join("", secrets.stream()
                .filter(s -> !s.generated() && !s.variable().startsWith("SECRET_")).map(TestSecrets::valueOf).toList());
        Statistics.label("secret with $").collect(supplied.contains("$"));
        Statistics.label("secret with #").collect(supplied.contains("#"));
        Statistics.label("secret with \"").collect(supplied.contains("\""));
        Statistics.label("secret with space").collect(supplied.contains(" "));
        Statistics.label("secret with non-ASCII").collect(supplied.chars().anyMatch(c -> c > 127));
        for (String label : List.of("secret with $", "secret with #", "secret with \"", "secret with space",
                "secret with non-ASCII")) {
            Statistics.label(label).coverage(c -> c.check(true).percentage(p -> p >= 20));
        }
    }

    @Property(tries = 200)
    void everything_that_needs_postgres_waits_until_it_is_healthy(@ForAll("stacks") Stack stack) {
        ComposeProject project = RenderedBundle.of(stack).compose();
        String pg = stack.postgres().serviceName();
        Map<String, Object> healthcheck = map(project.service(pg).get("healthcheck"));
        assertNotNull(healthcheck, "postgres needs a healthcheck for service_healthy to mean anything");
        String passwordVariable = stack.postgres().password().variable();
        for (String service : project.serviceNames()) {
            if (service.equals(pg)) {
                continue;
            }
            Map<String, String> env = project.environment(service);
            boolean needsPostgres = env.containsKey(passwordVariable)
                    || env.getOrDefault("KESTRA_CONFIGURATION", "").contains("jdbc:postgresql://" + pg + ":")
                    || service.equals(stack.kestra().serviceName());
            if (needsPostgres) {
                assertEquals("service_healthy", project.dependsOn(service).get(pg), service + " must wait for " + pg);
            }
        }
    }

    /**
     * Micronaut puts {@code micronaut.server.context-path} in front of the management endpoints, also on
     * their own port (micronaut-core #7552, {@code AbstractEndpointRouteBuilder}): under {@code /kestra},
     * readiness is {@code /kestra/health/readiness}, and {@code /health/readiness} answers 404.
     */
    @Property(tries = 200)
    void kestras_healthcheck_asks_for_readiness_under_the_context_path(@ForAll("stacks") Stack stack) {
        ComposeProject project = RenderedBundle.of(stack).compose();
        @SuppressWarnings("unchecked")
        List<Object> test = (List<Object>) map(project.service(stack.kestra().serviceName()).get("healthcheck")).get("test");
        String prefix = stack.contextPath().isRoot() ? "" : stack.contextPath().value();
        assertEquals(List.of("CMD", "curl", "-fsS", "http://localhost:8081" + prefix + "/health/readiness"), test);
        Statistics.label("context path").collect(stack.contextPath().isRoot() ? "root" : "sub-path");
        Statistics.label("context path").coverage(c -> c.check("sub-path").percentage(p -> p >= 10));
    }

    @Property(tries = 300)
    void compose_v2_gives_every_container_the_exact_literals_and_secret_values(@ForAll("stacks") Stack stack) {
        RenderedBundle bundle = RenderedBundle.of(stack);
        ComposeProject project = bundle.compose();
        assertEquals(List.of(), List.copyOf(project.missingVariables()), "variables missing from .env");
        assertEquals(Optional.of(stack.name()), project.name());

        assertEquals(ExpectedEnvironment.postgres(stack), project.environment(stack.postgres().serviceName()));
        Map<String, String> kestraEnv = new java.util.LinkedHashMap<>(project.environment(stack.kestra().serviceName()));
        assertEquals(ExpectedEnvironment.inlineConfiguration(stack), kestraEnv.remove("KESTRA_CONFIGURATION") != null);
        assertEquals(ExpectedEnvironment.kestra(stack), kestraEnv);

        // The shell inside the Postgres container, not Compose, expands the healthcheck's variables.
        List<?> test = (List<?>) map(project.service(stack.postgres().serviceName()).get("healthcheck")).get("test");
        assertEquals("pg_isready -U \"${POSTGRES_USER}\" -d \"${POSTGRES_DB}\"", test.get(1));

        assertKestraConfiguration(stack, bundle);

        KestraService k = stack.kestra();
        List<String> kinds = k.flowEnvironment().values().stream().map(RenderedStackPropertiesTest::kind).toList();
        Map<String, Double> minimumPercent = Map.of("YAML word", 10.0, "quote or backslash", 5.0, "dollar", 5.0,
                "outer space", 2.0);
        minimumPercent.forEach((kind, min) -> {
            Statistics.label("flow variable: " + kind).collect(kinds.contains(kind));
            Statistics.label("flow variable: " + kind).coverage(c -> c.check(true).percentage(p -> p >= min));
        });
        String username = k.basicAuth().username();
        Statistics.label("username with ' # or &").collect(username.matches(".*['#&].*"));
        Statistics.label("username with ' # or &").coverage(c -> c.check(true).percentage(p -> p >= 10));
        Optional<String> proxyUser = k.forwardProxy().filter(p -> p.authentication() == ForwardProxy.Authentication.CREDENTIALS)
                .flatMap(ForwardProxy::username);
        Statistics.label("proxy username").collect(proxyUser.map(u -> u.matches(".*[$#'\"\\\\ ].*") ? "awkward" : "plain")
                .orElse("none"));
        Statistics.label("proxy username").coverage(c -> c.check("awkward").count(n -> n >= 3));
        Statistics.label("config delivery").collect(k.configDelivery());
        Statistics.label("storage").collect(k.storage().type());
        Statistics.label("forward proxy").collect(k.forwardProxy().map(p -> p.authentication().name()).orElse("none"));
        Statistics.label("config delivery").coverage(c -> {
            c.check(ConfigDelivery.INLINE).percentage(p -> p >= 30);
            c.check(ConfigDelivery.FILE).percentage(p -> p >= 30);
        });
        Statistics.label("forward proxy").coverage(c -> {
            c.check("CREDENTIALS").percentage(p -> p >= 3);
            c.check("BASIC_HEADER").percentage(p -> p >= 3);
        });
    }

    private static String kind(String value) {
        if (List.of("yes", "No", "on", "OFF", "y", "n", "true", "False", "null", "~", "010", "0o17", "0x1F", "1e3",
                "1_000", "12:30", ".inf", "-.5", "+1", "").contains(value)) {
            return "YAML word";
        }
        if (!value.equals(value.strip())) {
            return "outer space";
        }
        if (value.contains("$")) {
            return "dollar";
        }
        if (value.contains("'") || value.contains("\"") || value.contains("\\")) {
            return "quote or backslash";
        }
        return "other";
    }

    private static void assertKestraConfiguration(Stack stack, RenderedBundle bundle) {
        String kestra = stack.kestra().serviceName();
        Map<String, Object> text = bundle.kestraConfigText(kestra);
        Map<String, Object> config = bundle.kestraConfigResolved(kestra);
        KestraService k = stack.kestra();

        assertEquals(Optional.of(stack.kestraUrl()), RenderedBundle.at(config, "kestra.url"));
        assertEquals(Optional.of(stack.postgres().jdbcUrl()), RenderedBundle.at(config, "datasources.postgres.url"));
        assertEquals(Optional.of(stack.postgres().user()), RenderedBundle.at(config, "datasources.postgres.username"));
        assertSecretAt(text, config, "datasources.postgres.password", stack.postgres().password());
        assertEquals(Optional.of("postgres"), RenderedBundle.at(config, "kestra.repository.type"));
        assertEquals(Optional.of("postgres"), RenderedBundle.at(config, "kestra.queue.type"));
        assertEquals(Optional.of(k.basicAuth().username()), RenderedBundle.at(config, "kestra.server.basic-auth.username"));
        assertSecretAt(text, config, "kestra.server.basic-auth.password", k.basicAuth().password());
        k.encryptionKey().ifPresentOrElse(key -> assertSecretAt(text, config, "kestra.encryption.secret-key", key),
                () -> assertEquals(Optional.empty(), RenderedBundle.at(config, "kestra.encryption")));
        assertEquals(Optional.of(k.storage().type()), RenderedBundle.at(config, "kestra.storage.type"));
        if (k.storage() instanceof InternalStorage.S3 s3 && s3.accessKey() != null && s3.secretKey() != null) {
            assertSecretAt(text, config, "kestra.storage.s3.access-key", s3.accessKey());
            assertSecretAt(text, config, "kestra.storage.s3.secret-key", s3.secretKey());
        } else if (k.storage() instanceof InternalStorage.Minio minio) {
            assertSecretAt(text, config, "kestra.storage.minio.access-key", minio.accessKey());
            assertSecretAt(text, config, "kestra.storage.minio.secret-key", minio.secretKey());
        } else if (k.storage() instanceof InternalStorage.Azure azure) {
            assertSecretAt(text, config, "kestra.storage.azure.connection-string", azure.connectionString());
        }
        Optional<ForwardProxy> proxy = k.forwardProxy();
        if (proxy.isPresent() && proxy.get().authentication() == ForwardProxy.Authentication.CREDENTIALS) {
            assertEquals(proxy.get().username(), RenderedBundle.at(config, "micronaut.http.services.api.proxy-username"));
            assertSecretAt(text, config, "micronaut.http.services.api.proxy-password", proxy.get().secret().orElseThrow());
        } else if (proxy.isPresent() && proxy.get().authentication() == ForwardProxy.Authentication.BASIC_HEADER) {
            assertSecretAt(text, config, "micronaut.http.client.proxy-authorization", proxy.get().secret().orElseThrow());
        }
        assertEquals(stack.contextPath().isRoot() ? Optional.empty() : Optional.of(stack.contextPath().value()),
                RenderedBundle.at(config, "micronaut.server.context-path"));
        boolean behindProxy = stack.edge().isPresent() || stack.address().scheme() == Scheme.HTTPS;
        assertEquals(behindProxy ? Optional.of("X-Forwarded-Proto") : Optional.empty(),
                RenderedBundle.at(config, "micronaut.server.host-resolution.protocol-header"));
    }

    /** The configuration names the secret by placeholder only, and the placeholder resolves to its value. */
    private static void assertSecretAt(Map<String, Object> text, Map<String, Object> resolved, String path, Secret secret) {
        assertEquals(Optional.of("${" + secret.variable() + "}"), RenderedBundle.at(text, path), path);
        assertEquals(Optional.of(TestSecrets.valueOf(secret)), RenderedBundle.at(resolved, path), path);
    }

    @Property(tries = 100)
    void rendering_twice_or_from_a_copy_gives_identical_files(@ForAll("stacks") Stack stack) {
        List<RenderedFile> first = StackRenderer.render(stack);
        assertEquals(first, StackRenderer.render(stack));
        assertEquals(first, StackRenderer.render(stack.toBuilder().build()));
    }

    @Property(tries = 100)
    void both_config_deliveries_give_kestra_the_same_configuration(@ForAll("stacks") Stack stack) {
        Stack inline = stack.toBuilder().kestra(k -> k.configDelivery(ConfigDelivery.INLINE)).build();
        Stack file = stack.toBuilder().kestra(k -> k.configDelivery(ConfigDelivery.FILE)).build();
        String kestra = stack.kestra().serviceName();
        assertEquals(RenderedBundle.of(inline).kestraConfigText(kestra), RenderedBundle.of(file).kestraConfigText(kestra));
    }

    @Property(tries = 200)
    void the_env_file_holds_exactly_the_variables_the_compose_file_references(@ForAll("stacks") Stack stack) {
        RenderedBundle bundle = RenderedBundle.of(stack);
        ComposeProject project = bundle.compose();
        Matcher m = REFERENCE.matcher(bundle.text(ComposeRenderer.PATH).replace("$$", ""));
        java.util.Set<String> referenced = new java.util.TreeSet<>();
        while (m.find()) {
            referenced.add(m.group(1));
        }
        assertEquals(referenced, new java.util.TreeSet<>(project.dotEnv().keySet()));
        assertTrue(bundle.find(EnvRenderer.PATH).orElseThrow().isPrivate());
    }

    @Property(tries = 200)
    void only_the_public_entry_is_published_beyond_loopback(@ForAll("stacks") Stack stack) {
        ComposeProject project = RenderedBundle.of(stack).compose();
        boolean loopback = stack.address().isLoopback();
        for (String service : project.serviceNames()) {
            for (String port : project.ports(service)) {
                String[] parts = port.split(":");
                assertFalse(port.endsWith(":" + KestraService.MANAGEMENT_PORT), "management port published: " + port);
                if (parts.length == 3) {
                    assertTrue(parts[0].startsWith("127."), "bound to a loopback address: " + port);
                } else {
                    assertEquals(stack.kestra().serviceName(), service, "only Kestra, the public entry, binds every address");
                    assertFalse(loopback, "a stack reached at a loopback address binds loopback only: " + port);
                    assertEquals(stack.kestraPublishedPort().orElseThrow() + ":" + KestraService.HTTP_PORT, port);
                }
            }
        }
        Statistics.label("address").collect(loopback ? "loopback" : "public");
        Statistics.label("address").coverage(c -> {
            c.check("loopback").percentage(p -> p >= 10);
            c.check("public").percentage(p -> p >= 10);
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }
}
