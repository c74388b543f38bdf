package io.kestrastack.stackfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.ForwardProxy;
import io.kestrastack.InternalStorage;
import io.kestrastack.KestraService;
import io.kestrastack.PostgresService;
import io.kestrastack.Stack;
import io.kestrastack.StackConfigException;
import io.kestrastack.Violation;
import io.kestrastack.examples.CorporateNetwork;
import io.kestrastack.proxy.CaddyEdge;
import io.kestrastack.proxy.NginxEdge;
import io.kestrastack.proxy.ProxySettings;
import io.kestrastack.render.RenderedFile;
import io.kestrastack.render.StackRenderer;
import io.kestrastack.stackfile.Spec.Choice;
import io.kestrastack.stackfile.Spec.Edit;
import io.kestrastack.stackfile.Spec.Key;
import io.kestrastack.stackfile.Spec.Make;
import io.kestrastack.stackfile.Spec.Obj;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class StackFileTest {

    static String read(String docsPath) throws IOException {
        return Files.readString(Path.of("..", "docs", docsPath));
    }

    static StackConfigException problems(String yaml) {
        return assertThrows(StackConfigException.class, () -> StackFile.read(yaml));
    }

    static Violation at(StackConfigException e, String path) {
        return e.violations().stream().filter(v -> v.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no violation at " + path + " in\n" + e.getMessage()));
    }

    @Test
    void a_misspelt_key_is_an_error_that_names_the_closest_valid_key() {
        StackConfigException e = problems("kestra:\n  imgae: kestra/kestra:v2.0.5\n  basicAuth: {username: a@b.example}\n");
        Violation v = at(e, "kestra.imgae");
        assertEquals("unknown-key", v.code());
        assertTrue(v.message().contains("closest valid key is 'image'"), v.message());
        Violation top = at(problems("publicAdress: https://flows.example.com\n"), "publicAdress");
        assertTrue(top.message().contains("'publicAddress'"), top.message());
        Violation variant = at(problems("edge:\n  kind: caddi\n"), "edge.kind");
        assertEquals("unknown-value", variant.code());
        assertTrue(variant.message().contains("'caddy'"), variant.message());
        Violation inVariant = at(problems("edge:\n  kind: caddy\n  tls: {mode: acme, emial: ops@example.com}\n"),
                "edge.tls.emial");
        assertTrue(inVariant.message().contains("'email'"), inVariant.message());
    }

    @Test
    void closest_counts_edits_ignoring_case_and_a_swap_as_one() {
        assertEquals(1, StackFile.distance("imgae", "image"));
        assertEquals("contextPath", StackFile.closest("contextpath", List.of("name", "contextPath", "network")));
    }

    @Test
    void every_problem_of_the_file_and_of_the_model_is_reported_at_once_with_its_path() {
        StackConfigException e = problems(String.join("\n",
                "contextPath: /a b",
                "postgres:",
                "  maxConnections: many",
                "  volum: data",
                "kestra:",
                "  basicAuth:",
                "    username: root",
                "  image: kestra/kestra:latest",
                "edge:",
                "  kind: caddy",
                ""));
        assertEquals("wrong-type", at(e, "postgres.maxConnections").code());
        assertEquals("unknown-key", at(e, "postgres.volum").code());
        assertEquals("required", at(e, "edge.tls").code());
        assertEquals("invalid-context-path", at(e, "contextPath").code());
        assertEquals("not-an-email", at(e, "kestra.basicAuth.username").code());
        assertEquals("unpinned-image", at(e, "kestra.image").code());
    }

    @Test
    void values_are_validated_by_the_builders_with_the_same_paths_as_in_java() {
        Stack.Builder java = Stack.builder().kestra(k -> k.username("admin@example.com").workerThreads(-1));
        StackConfigException fromJava = assertThrows(StackConfigException.class, java::build);
        StackConfigException fromFile = problems("kestra:\n  basicAuth: {username: admin@example.com}\n  workerThreads: -1\n");
        assertEquals(fromJava.violations(), fromFile.violations());
    }

    @Test
    void a_secret_value_never_appears_in_a_violation() {
        StackConfigException e = problems("postgres:\n  password: {variable: pg_pass, value: 'hunter2-${x}'}\n");
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        StackConfigException typed = problems("postgres:\n  password: {variable: PG, value: 123456789}\n");
        assertFalse(typed.getMessage().contains("123456789"), typed.getMessage());
    }

    @Test
    void the_starting_file_and_the_documented_examples_build() throws IOException {
        Stack starter = StackFile.read(io.kestrastack.cli.StarterAccess.starter());
        assertEquals("https://localhost/", starter.kestraUrl());
        assertTrue(starter.edge().orElseThrow() instanceof CaddyEdge c && c.tls() instanceof CaddyEdge.Tls.Internal);
        Stack storage = StackFile.read(read("stack-files/object-storage-nginx.yaml"));
        KestraService k = storage.kestra();
        assertTrue(k.storage() instanceof InternalStorage.S3 s3 && s3.bucket().equals("kestra-storage"));
        assertEquals(16, k.workerThreads().orElseThrow());
        assertEquals(List.of("SECRET_SLACK_TOKEN"), k.flowSecrets().stream().map(s -> s.variable()).toList());
        assertEquals(Map.of("REGION", "eu-west-1"), k.flowEnvironment());
        NginxEdge nginx = (NginxEdge) storage.edge().orElseThrow();
        assertEquals(new NginxEdge.Tls.Certbot(java.util.Optional.empty()), nginx.tls());
        assertEquals(512, nginx.proxy().maxBodyMegabytes());
    }

    @Test
    void the_corporate_network_file_renders_exactly_what_the_java_example_renders() throws IOException {
        Stack fromFile = StackFile.read(read("stack-files/corporate-network.yaml"));
        Stack fromJava = CorporateNetwork.stack();
        Map<String, String> file = files(fromFile);
        Map<String, String> java = files(fromJava);
        assertEquals(java.keySet(), file.keySet());
        java.forEach((path, content) -> {
            if (path.equals(".env")) {   // generated secrets differ; the variables must not
                assertEquals(variables(content), variables(file.get(path)));
            } else {
                assertEquals(content, file.get(path), path);
            }
        });
        ForwardProxy proxy = fromFile.kestra().forwardProxy().orElseThrow();
        assertEquals("proxy.corp.example:3128", proxy.address());
    }

    static Map<String, String> files(Stack stack) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RenderedFile f : StackRenderer.render(stack)) {
            out.put(f.path(), f.content());
        }
        return out;
    }

    static List<String> variables(String env) {
        return env.lines().filter(l -> l.contains("=") && !l.startsWith("#")).map(l -> l.substring(0, l.indexOf('=')))
                .toList();
    }

    /** Builder methods that a key of another name carries, and why. */
    static final Map<String, String> CARRIED_BY = Map.of(
            "noEdge", "edge",                     // edge: {kind: none}
            "noMonitoring", "monitoring",         // no monitoring key
            "alertWebhook", "receiver",           // receiver: {type: webhook, url: ...}
            "alertEmail", "receiver",
            "username", "basicAuth",              // basicAuth: {username: ...} keeps the generated password
            "addFlowSecret", "flowSecrets",
            "putFlowEnvironment", "flowEnvironment",
            "putResponseHeader", "responseHeaders",
            "addAllowedNetwork", "allowedNetworks");

    @Test
    void every_public_builder_option_has_a_key_of_the_same_name() {
        Map<Class<?>, Obj<?>> builders = new LinkedHashMap<>();
        builders.put(Stack.Builder.class, StackFileKeys.STACK);
        builders.put(PostgresService.Builder.class, edit(StackFileKeys.STACK, "postgres"));
        Obj<?> kestra = edit(StackFileKeys.STACK, "kestra");
        builders.put(KestraService.Builder.class, kestra);
        builders.put(ForwardProxy.Builder.class, edit(kestra, "forwardProxy"));
        Obj<?> caddy = variant(StackFileKeys.STACK, "edge", "caddy");
        Obj<?> nginx = variant(StackFileKeys.STACK, "edge", "nginx");
        builders.put(CaddyEdge.Builder.class, caddy);
        builders.put(NginxEdge.Builder.class, nginx);
        builders.put(ProxySettings.Builder.class, edit(caddy, "proxy"));
        builders.put(io.kestrastack.Monitoring.Builder.class, edit(StackFileKeys.STACK, "monitoring"));
        assertEquals(edit(caddy, "proxy").keys().stream().map(Key::name).toList(),
                edit(nginx, "proxy").keys().stream().map(Key::name).toList());
        List<String> missing = new ArrayList<>();
        builders.forEach((type, obj) -> {
            TreeSet<String> options = new TreeSet<>();
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.getName().equals("build")) {
                    options.add(m.getName());
                }
            }
            for (String option : options) {
                String key = CARRIED_BY.getOrDefault(option, option);
                if (obj.key(key).isEmpty()) {
                    missing.add(type.getName() + "#" + option);
                }
            }
        });
        assertEquals(List.of(), missing, "builder options the stack file cannot reach");
    }

    static Obj<?> edit(Obj<?> obj, String key) {
        return ((Edit<?, ?>) obj.key(key).orElseThrow().value()).obj();
    }

    static Obj<?> variant(Obj<?> obj, String key, String variant) {
        Make<?, ?> make = ((Choice<?>) obj.key(key).orElseThrow().value()).variants().get(variant);
        return make.obj();
    }
}
