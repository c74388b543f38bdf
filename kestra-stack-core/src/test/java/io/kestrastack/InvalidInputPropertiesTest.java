package io.kestrastack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.testing.StackArbitraries;
import io.kestrastack.testing.TestSecrets;
import io.kestrastack.testing.Violations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Generated invalid input: a valid generated stack with one to six generated mistakes always fails with
 * every mistake reported at once, each under the path of the field and its stable code, and never with a
 * secret value in the report.
 */
class InvalidInputPropertiesTest {

    /** One applied mistake: what it does to the builder, where and how it must be reported. */
    record Mistake(String name, Consumer<Stack.Builder> apply, String path, String code, List<String> secretValues) {
        @Override
        public String toString() {
            return name + " -> " + path + " " + code;
        }
    }

    /** A kind of mistake, with generated bad values. */
    record Kind(String name, Arbitrary<Mistake> mistakes) {}

    private static Kind kind(String name, Arbitrary<Mistake> mistakes) {
        return new Kind(name, mistakes);
    }

    private static Mistake mistake(String name, Consumer<Stack.Builder> apply, String path, String code, String... secrets) {
        return new Mistake(name, apply, path, code, List.of(secrets));
    }

    /** The catalogue, in the order mistakes are applied (a later one must not undo an earlier one). */
    static final List<Kind> KINDS = List.of(
            kind("project name", Arbitraries.strings().withChars("ABCXYZ !.").ofMinLength(1).ofMaxLength(8).map(n ->
                    mistake("project name", b -> b.name(n), "name", "invalid-project-name"))),
            kind("network", Arbitraries.strings().withChars("ABC/ :").ofMinLength(1).ofMaxLength(6).map(n ->
                    mistake("network", b -> b.network(n), "network", "invalid-network-name"))),
            kind("address", StackArbitraries.hosts().map(h ->
                    mistake("address", b -> b.publicAddress("ftp://" + h), "publicAddress", "invalid-address"))),
            kind("context path", StackArbitraries.contextPaths().map(p ->
                    mistake("context path", b -> b.contextPath(p + "/a b"), "contextPath", "invalid-context-path"))),
            kind("database", Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(4).map(n ->
                    mistake("database", b -> b.postgres(p -> p.database(n + "db")), "postgres.database", "invalid-identifier"))),
            kind("postgres password", Combinators.combine(StackArbitraries.secretValues(), Arbitraries.of("'", "\\"),
                    Arbitraries.integers().between(0, 8)).as((v, bad, at) -> {
                        String value = v.substring(0, Math.min(at, v.length())) + bad + v.substring(Math.min(at, v.length()));
                        return mistake("postgres password", b -> b.postgres(p -> p.password(Secret.of("POSTGRES_PASSWORD", value))),
                                "postgres.password", "secret-unsafe-quote", value);
                    })),
            kind("postgres port", Arbitraries.integers().between(65536, 200000).map(port ->
                    mistake("postgres port", b -> b.postgres(p -> p.publishedPort(port)), "postgres.publishedPort", "invalid-port"))),
            kind("max connections", Arbitraries.integers().between(-5, 3).map(n ->
                    mistake("max connections", b -> b.postgres(p -> p.maxConnections(n)), "postgres.maxConnections",
                            "invalid-max-connections"))),
            kind("basic-auth password", StackArbitraries.secretValues().map(v -> {
                String weak = v.toLowerCase(Locale.ROOT).replaceAll("[0-9]", "") + "abcdefgh";
                return mistake("basic-auth password", b -> b.kestra(k -> k.basicAuth("admin@example.com",
                        Secret.of("BASIC_AUTH_PASSWORD", weak))), "kestra.basicAuth.password", "weak-password", weak);
            })),
            kind("username", Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).map(u ->
                    mistake("username", b -> b.kestra(k -> k.username(u)), "kestra.basicAuth.username", "not-an-email"))),
            kind("encryption key", StackArbitraries.secretValues().map(v -> {
                String value = v + "${x}";
                return mistake("encryption key", b -> b.kestra(k -> k.encryptionKey(Secret.of("ENCRYPTION_SECRET_KEY", value))),
                        "kestra.encryptionKey", "secret-placeholder", value);
            })),
            kind("kestra image", Arbitraries.of("latest", "develop", "latest-lts", "nightly").map(tag ->
                    mistake("kestra image", b -> b.kestra(k -> k.image("kestra/kestra:" + tag)), "kestra.image", "unpinned-image"))),
            kind("pool size", Arbitraries.oneOf(Arbitraries.integers().between(-10, 0), Arbitraries.integers().between(1001, 5000))
                    .map(n -> mistake("pool size", b -> b.kestra(k -> k.poolSize(n)), "kestra.poolSize", "invalid-pool-size"))),
            kind("worker threads", Arbitraries.integers().between(-100, -1).map(n ->
                    mistake("worker threads", b -> b.kestra(k -> k.workerThreads(n)), "kestra.workerThreads",
                            "invalid-worker-threads"))),
            kind("flow variable name", Arbitraries.strings().withChars("abc-.").ofMinLength(1).ofMaxLength(5).map(n ->
                    mistake("flow variable name", b -> b.kestra(k -> k.putFlowEnvironment(n, "v")), "kestra.flowEnvironment." + n,
                            "invalid-variable-name"))),
            kind("flow variable value", StackArbitraries.literals().map(v ->
                    mistake("flow variable value", b -> b.kestra(k -> k.putFlowEnvironment("BROKEN", v + "\n" + v)),
                            "kestra.flowEnvironment.BROKEN", "control-character"))),
            kind("flow secret name", Arbitraries.strings().withChars("abcxyz").ofMinLength(1).ofMaxLength(5).map(n ->
                    mistake("flow secret name", b -> b.kestra(k -> k.addFlowSecret(Secret.of("SECRET_" + n, "v"))),
                            "kestra.flowSecrets.SECRET_" + n, "invalid-flow-secret-name"))),
            kind("jvm options", StackArbitraries.jvmOptions().map(o ->
                    mistake("jvm options", b -> b.kestra(k -> k.jvmOptions(o + "\r\n-Xss1m")), "kestra.jvmOptions",
                            "control-character"))),
            kind("bucket", Arbitraries.strings().withChars("ABC_").ofMinLength(3).ofMaxLength(10).map(n ->
                    mistake("bucket", b -> b.kestra(k -> k.storage(new InternalStorage.S3(n, "eu-west-1", null, null, null, false))),
                            "kestra.storage.bucket", "invalid-bucket"))),
            kind("proxy username", StackArbitraries.proxyUsernames().map(u ->
                    mistake("proxy username", b -> b.kestra(k -> k.forwardProxy(f -> f.host("proxy.example")
                            .credentials(u + ":" + u, Secret.of("PROXY_PASSWORD", "Proxy-Password-1")))),
                            "kestra.forwardProxy.username", "invalid-username"))));

    @Provide
    Arbitrary<List<Mistake>> mistakes() {
        return Arbitraries.subsetOf(KINDS).ofMinSize(1).ofMaxSize(6).flatMap(kinds -> {
            List<Arbitrary<Mistake>> ordered = kinds.stream().sorted(Comparator.comparingInt(KINDS::indexOf))
                    .map(Kind::mistakes).toList();
            return Combinators.combine(ordered).as(list -> list);
        });
    }

    @Provide
    Arbitrary<Stack> stacks() {
        return StackArbitraries.stacks();
    }

    @Property(tries = 300)
    void every_generated_mistake_is_reported_with_its_path_and_code_and_no_secret_value(
            @ForAll("stacks") Stack valid, @ForAll("mistakes") List<Mistake> mistakes) {
        Stack.Builder b = valid.toBuilder();
        mistakes.forEach(m -> m.apply().accept(b));

        StackConfigException e = assertThrows(StackConfigException.class, b::build, () -> "no exception for " + mistakes);
        for (Mistake m : mistakes) {
            Violations.assertHas(e, m.path(), m.code());
        }
        List<String> secretValues = new ArrayList<>();
        valid.secrets().forEach(s -> secretValues.add(TestSecrets.valueOf(s)));
        mistakes.forEach(m -> secretValues.addAll(m.secretValues()));
        for (Violation v : e.violations()) {
            assertTrue(v.code().matches("[a-z]+(-[a-z0-9]+)*"), () -> "code is not kebab-case: " + v);
            assertTrue(v.path().matches("[A-Za-z]+(\\.[A-Za-z0-9_.-]+)*"), () -> "path is not dotted: " + v);
        }
        for (String value : secretValues) {
            assertFalse(e.getMessage().contains(value), "a secret value is in the report:\n" + e.getMessage());
        }

        Statistics.label("mistakes at once").collect(mistakes.size());
        mistakes.forEach(m -> Statistics.label("kind").collect(m.name()));
        Statistics.label("kind").coverage(c -> {
            for (Kind k : KINDS) {
                c.check(k.name()).count(n -> n >= 10);
            }
        });
        Statistics.label("mistakes at once").coverage(c -> {
            c.check(1).percentage(p -> p >= 5);
            c.checkQuery(n -> (Integer) n.get(0) >= 4).percentage(p -> p >= 20);
        });
    }
}
