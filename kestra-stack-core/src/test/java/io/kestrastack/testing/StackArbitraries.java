package io.kestrastack.testing;

import io.kestrastack.ConfigDelivery;
import io.kestrastack.ForwardProxy;
import io.kestrastack.InternalStorage;
import io.kestrastack.Secret;
import io.kestrastack.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries of valid stacks (without an edge) and of the awkward strings they carry, generated
 * through the public builders. Other modules add their edge with {@code stack.toBuilder().edge(...)}.
 *
 * <p>The strings aim at the three parsers a value crosses (Compose interpolation, YAML, {@code .env}):
 * {@code $}, {@code $$}, {@code $NAME}, {@code #} after a space, both quotes, backslashes, spaces,
 * non-ASCII letters, characters outside the BMP, and whole values that YAML 1.1 reads as something else.
 */
public final class StackArbitraries {

    private static final List<String> ALNUM = split("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    /** Printable ASCII that secrets may hold: everything but the single quote and the backslash. */
    private static final List<String> SECRET_PUNCTUATION = split("$#\" !%&()*+,-./:;<=>?@[]^_`{|}~");
    private static final List<String> NON_ASCII = List.of("ü", "é", "ß", "ñ", "€", "日", "本", "Ω", "😀", "𝄞", "\u00A0", "\u2003");

    /** Fragments that each test one rule of one parser; at least one goes into every generated secret. */
    private static final List<String> SECRET_FRAGMENTS = List.of(
            "$", "$$", "$HOME", "$$$", "a$", "#", " #", "# ", "\"", "\"\"", " ", "  ", "ü", "😀", "{x}", "}", "=", ": ",
            "%", "!", "`", "&", "*", "|", ">", "@", "\u00A0");

    /** Whole values a YAML 1.1 reader (docker-compose 1.x) or 1.2 reader would not read as a plain string. */
    private static final List<String> YAML_WORDS = List.of(
            "", " ", "yes", "No", "on", "OFF", "y", "n", "true", "False", "null", "~", "010", "0o17", "0x1F", "1e3",
            "1_000", "12:30", ".inf", "-.5", "+1", "-", "- x", "? x", ": x", "#x", "@x", "`x", "!x", "&a", "*a", "|",
            ">", "%x", "[a]", "{a: b}", "\"q\"", "'s'", " lead", "trail ", "$", "$$", "${X}", "$X", "${X:-d}", "\\",
            "'", "a # b", "a: b", "tab\there");

    private StackArbitraries() {}

    /** Valid infrastructure secret values: 8 to 40 characters, each with at least one awkward fragment. */
    public static Arbitrary<String> secretValues() {
        List<String> pool = new ArrayList<>(ALNUM);
        pool.addAll(SECRET_PUNCTUATION);
        pool.addAll(NON_ASCII);
        Arbitrary<String> body = Arbitraries.of(pool).list().ofMinSize(8).ofMaxSize(32).map(StackArbitraries::join);
        return Combinators.combine(body, Arbitraries.of(SECRET_FRAGMENTS), Arbitraries.integers().between(0, 32))
                .as((b, fragment, at) -> {
                    int i = b.offsetByCodePoints(0, Math.min(at, b.codePointCount(0, b.length())));
                    return b.substring(0, i) + fragment + b.substring(i);
                })
                .filter(StackArbitraries::isValidSecretValue);
    }

    /** Whether core accepts {@code value} as an infrastructure secret (mirrors its documented rules). */
    public static boolean isValidSecretValue(String value) {
        return !value.isEmpty() && value.length() <= 4096 && value.equals(value.strip()) && !value.contains("${")
                && value.indexOf('\'') < 0 && value.indexOf('\\') < 0
                && value.codePoints().noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029);
    }

    /** Basic-auth passwords: valid secret values that also meet Kestra's password policy. */
    public static Arbitrary<String> passwords() {
        return secretValues().map(v -> "Aa1" + v);
    }

    /**
     * Any single-line text a flow variable may hold: YAML 1.1 words, quotes, backslashes, {@code ${...}},
     * tabs, leading and trailing spaces, non-ASCII letters.
     */
    public static Arbitrary<String> literals() {
        List<String> pool = new ArrayList<>(ALNUM);
        pool.addAll(SECRET_PUNCTUATION);
        pool.addAll(NON_ASCII);
        pool.addAll(List.of("'", "\\", "\t", "${", "$$", " #"));
        Arbitrary<String> random = Arbitraries.of(pool).list().ofMinSize(0).ofMaxSize(24).map(StackArbitraries::join);
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of(YAML_WORDS)), Tuple.of(3, random));
    }

    /** Whole values that a YAML 1.1 or 1.2 reader would not read as a plain string, quotes and dollars among them. */
    public static Arbitrary<String> yamlWords() {
        return Arbitraries.of(YAML_WORDS);
    }

    /** JVM options: a heap size and a system property with an awkward value (no control characters). */
    public static Arbitrary<String> jvmOptions() {
        return Combinators.combine(Arbitraries.integers().between(256, 8192), literals())
                .as((heap, value) -> "-Xmx" + heap + "m -Dkestra.test=" + value.replace("\t", " "));
    }

    /**
     * A heap size and JVM options, each possibly absent (as {@code null}); the options carry no {@code -Xmx}
     * when a heap is set.
     */
    public static Arbitrary<Tuple.Tuple2<String, String>> heapAndJvmOptions() {
        Arbitrary<String> heaps = Arbitraries.integers().between(1, 16).flatMap(n -> Arbitraries.of(n + "g", n * 1024 + "m"));
        return Arbitraries.oneOf(
                Arbitraries.just(Tuple.of((String) null, (String) null)),
                jvmOptions().map(o -> Tuple.of((String) null, o)),
                heaps.map(h -> Tuple.of(h, (String) null)),
                Combinators.combine(heaps, literals()).as((h, v) -> Tuple.of(h, "-Dkestra.test=" + v.replace("\t", " "))));
    }

    /** Email addresses whose local part uses the special characters email allows. */
    public static Arbitrary<String> emails() {
        Arbitrary<String> atom = Arbitraries.of(concat(ALNUM, split("!#%&'*+/=?^_`|~-"))).list().ofMinSize(1).ofMaxSize(10)
                .map(StackArbitraries::join);
        Arbitrary<String> local = atom.list().ofMinSize(1).ofMaxSize(2).map(l -> String.join(".", l));
        return Combinators.combine(local, Arbitraries.of("example.com", "kestra.io", "ops.example.org"))
                .as((l, d) -> l + "@" + d);
    }

    /** Forward-proxy usernames: anything printable without ':' or '${'. */
    public static Arbitrary<String> proxyUsernames() {
        List<String> pool = new ArrayList<>(ALNUM);
        pool.addAll(split("$#\" !%&()*+,-./;<=>?@[]^_`{|}~'\\"));
        pool.addAll(NON_ASCII);
        return Arbitraries.of(pool).list().ofMinSize(1).ofMaxSize(16).map(StackArbitraries::join)
                .filter(s -> !s.contains("${"));
    }

    /** Context path inputs: root forms ({@code ""}, {@code /}) and 1-3 segments, with or without slashes. */
    public static Arbitrary<String> contextPaths() {
        Arbitrary<String> segment = Arbitraries.of(concat(ALNUM, split("._~-"))).list().ofMinSize(1).ofMaxSize(8)
                .map(StackArbitraries::join)
                .filter(s -> !s.equals(".") && !s.equals("..") && !s.equalsIgnoreCase("ui") && !s.equalsIgnoreCase("api"));
        Arbitrary<String> sub = Combinators.combine(segment.list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(true, false),
                Arbitraries.of(true, false))
                .as((segments, leading, trailing) -> (leading ? "/" : "") + String.join("/", segments) + (trailing ? "/" : ""));
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of("", "/")), Tuple.of(2, sub));
    }

    /** Host names as a user may type them (mixed case is lower-cased by the stack), and IPv4 addresses. */
    public static Arbitrary<String> hosts() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> dns = label.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(".", l))
                .filter(h -> !h.matches("[0-9.]+"));
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of("localhost", "127.0.0.1", "10.1.2.3", "kestra.localhost")),
                Tuple.of(3, dns));
    }

    /** Explicit ports for public addresses, avoiding {@link #POSTGRES_PORTS}. */
    public static Arbitrary<Integer> publicPorts() {
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of(80, 443, 8080, 8443)),
                Tuple.of(1, Arbitraries.integers().between(1024, 15000)));
    }

    /** The host ports generated stacks publish Postgres on (disjoint from {@link #publicPorts()}). */
    public static final int[] POSTGRES_PORTS = {15432, 15999};

    /** Public addresses: {@code http[s]://host[:port]}, sometimes with an upper-case scheme or a trailing slash. */
    public static Arbitrary<String> publicAddresses() {
        return Combinators.combine(Arbitraries.of("http", "https", "HTTPS"), hosts(), publicPorts().injectNull(0.5),
                Arbitraries.of("", "/"))
                .as((scheme, host, port, slash) -> scheme + "://" + host + (port == null ? "" : ":" + port) + slash);
    }

    /** Internal storage of every kind, with awkward credential values. */
    public static Arbitrary<InternalStorage> storages() {
        Arbitrary<InternalStorage> local = Arbitraries.of(InternalStorage.local(),
                new InternalStorage.Local("/data/kestra-storage", "kestra-data"));
        Arbitrary<InternalStorage> s3 = Combinators.combine(secretValues(), secretValues(), Arbitraries.of(true, false),
                Arbitraries.of(true, false))
                .as((ak, sk, keys, endpoint) -> new InternalStorage.S3("kestra-bucket", "eu-west-1",
                        endpoint ? "https://s3.example.com" : null,
                        keys ? Secret.of("S3_ACCESS_KEY", ak) : null, keys ? Secret.of("S3_SECRET_KEY", sk) : null,
                        endpoint));
        Arbitrary<InternalStorage> minio = Combinators.combine(secretValues(), secretValues(), Arbitraries.of(true, false))
                .as((ak, sk, secure) -> new InternalStorage.Minio("minio.internal", 9000, secure, "kestra",
                        Secret.of("MINIO_ACCESS_KEY", ak), Secret.of("MINIO_SECRET_KEY", sk)));
        Arbitrary<InternalStorage> gcs = Arbitraries.of("/etc/gcp/kestra-key.json", "./gcp-key.json").injectNull(0.5)
                .map(file -> new InternalStorage.Gcs("kestra-bucket", "kestra-project-1", file));
        Arbitrary<InternalStorage> azure = secretValues().map(cs -> new InternalStorage.Azure(
                "https://acct.blob.core.windows.net", "kestra", Secret.of("AZURE_CONNECTION_STRING", cs)));
        return Arbitraries.frequencyOf(Tuple.of(4, local), Tuple.of(2, s3), Tuple.of(1, minio), Tuple.of(1, gcs),
                Tuple.of(1, azure));
    }

    /** Forward proxies: without credentials, with credentials, or with a pre-built Basic header. */
    public static Arbitrary<ForwardProxy> forwardProxies() {
        return Combinators.combine(Arbitraries.of(ForwardProxy.Type.values()), proxyUsernames(), secretValues(),
                Arbitraries.of(ForwardProxy.Authentication.values()))
                .as((type, user, password, auth) -> {
                    ForwardProxy.Builder b = ForwardProxy.builder().type(type).host("proxy.corp.example").port(3128);
                    if (auth != ForwardProxy.Authentication.NONE) {
                        b.credentials(user, Secret.of("PROXY_PASSWORD", password)).authentication(auth);
                    }
                    return b.build();
                });
    }

    /** Flow variables: 0 to 3 upper-case names with {@link #literals()} as values. */
    public static Arbitrary<Map<String, String>> flowEnvironments() {
        Arbitrary<String> names = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ").ofMinLength(1).ofMaxLength(3)
                .map(s -> "VAR_" + s);
        return Arbitraries.maps(names, literals()).ofMinSize(0).ofMaxSize(3);
    }

    /**
     * Flow secrets: any value (they travel base64-encoded), including quotes and line breaks, after a
     * {@code flow-secret:} prefix that makes each value long and distinctive enough to search for.
     */
    public static Arbitrary<List<Secret>> flowSecrets() {
        Arbitrary<String> value = Arbitraries.frequencyOf(Tuple.of(3, literals()),
                Tuple.of(1, Arbitraries.of("line1\nline2", "tab\tand 'quote' \\ back", "\u0000nul")))
                .map(v -> "flow-secret:" + v);
        Arbitrary<String> name = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_").ofMinLength(1)
                .ofMaxLength(6);
        return Arbitraries.maps(name, value).ofMinSize(0).ofMaxSize(2)
                .map(m -> m.entrySet().stream().map(e -> Secret.of("SECRET_" + e.getKey(), e.getValue()))
                        .collect(Collectors.toList()));
    }

    /** Valid stacks without an edge, varying every part the core renders. */
    public static Arbitrary<Stack> stacks() {
        return stackBuilders().build(Stack.Builder::build);
    }

    /** The builder combinator behind {@link #stacks()}, for modules that want to add settings of their own. */
    public static Builders.BuilderCombinator<Stack.Builder> stackBuilders() {
        return Builders.withBuilder(Stack::builder)
                .use(Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(0).ofMaxLength(10)
                        .map(s -> "k" + s)).withProbability(0.5).in(Stack.Builder::name)
                .use(publicAddresses()).in(Stack.Builder::publicAddress)
                .use(contextPaths()).in(Stack.Builder::contextPath)
                .use(Arbitraries.of("postgres:18.1", "postgres:17.6", "postgres:16.4-bookworm", "postgres:14"))
                .withProbability(0.5).in((b, image) -> b.postgres(p -> p.image(image)))
                .use(secretValues()).withProbability(0.9)
                .in((b, v) -> b.postgres(p -> p.password(Secret.of("POSTGRES_PASSWORD", v))))
                .use(Arbitraries.integers().between(POSTGRES_PORTS[0], POSTGRES_PORTS[1])).withProbability(0.2)
                .in((b, port) -> b.postgres(p -> p.publishedPort(port)))
                .use(Arbitraries.integers().between(30, 500)).withProbability(0.2)
                .in((b, max) -> b.postgres(p -> p.maxConnections(max)))
                // An image without plugins has no object-storage plugin: only local storage goes with it.
                .use(Combinators.combine(Arbitraries.of("kestra/kestra:v2.0.5", "kestra/kestra:v2.0.5-no-plugins",
                        "kestra/kestra:v1.3.4"), storages()).as(Tuple::of)
                        .filter(t -> !t.get1().endsWith("-no-plugins") || t.get2() instanceof InternalStorage.Local))
                .in((b, t) -> b.kestra(k -> k.image(t.get1()).storage(t.get2())))
                .use(Combinators.combine(emails(), passwords()).as(Tuple::of))
                .in((b, auth) -> b.kestra(k -> k.basicAuth(auth.get1(), Secret.of("BASIC_AUTH_PASSWORD", auth.get2()))))
                .use(secretValues().map(v -> Secret.of("ENCRYPTION_SECRET_KEY", v)).injectNull(0.3))
                .withProbability(0.7).in((b, key) -> b.kestra(k -> {
                    if (key == null) {
                        k.noEncryptionKey();
                    } else {
                        k.encryptionKey(key);
                    }
                }))
                .use(flowEnvironments()).in((b, env) -> b.kestra(k -> env.forEach(k::putFlowEnvironment)))
                .use(flowSecrets()).in((b, secrets) -> b.kestra(k -> secrets.forEach(k::addFlowSecret)))
                .use(heapAndJvmOptions()).in((b, t) -> b.kestra(k -> {
                    if (t.get1() != null) {
                        k.heap(t.get1());
                    }
                    if (t.get2() != null) {
                        k.jvmOptions(t.get2());
                    }
                }))
                .use(forwardProxies()).withProbability(0.3).in((b, proxy) -> b.kestra(k -> k.forwardProxy(proxy)))
                .use(Arbitraries.of(ConfigDelivery.values())).in((b, d) -> b.kestra(k -> k.configDelivery(d)))
                .use(Arbitraries.integers().between(0, 16)).withProbability(0.3)
                .in((b, n) -> b.kestra(k -> k.workerThreads(n)))
                .use(Arbitraries.integers().between(1, 20)).withProbability(0.3).in((b, n) -> b.kestra(k -> k.poolSize(n)))
                .use(Arbitraries.of(io.kestrastack.ScriptTasks.values())).withProbability(0.4)
                .in((b, mode) -> b.kestra(k -> k.scriptTasks(mode)))
                .use(Arbitraries.of(false)).withProbability(0.3).in((b, on) -> b.kestra(k -> k.anonymousUsageReport(on)));
    }

    private static List<String> split(String chars) {
        return chars.codePoints().mapToObj(Character::toString).collect(Collectors.toList());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static String join(List<String> parts) {
        return String.join("", parts);
    }
}
