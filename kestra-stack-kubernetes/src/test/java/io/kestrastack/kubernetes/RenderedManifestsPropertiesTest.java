package io.kestrastack.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.InternalStorage;
import io.kestrastack.Secret;
import io.kestrastack.internal.Yaml;
import io.kestrastack.kubernetes.render.KubernetesRenderer;
import io.kestrastack.kubernetes.testing.K8sTools;
import io.kestrastack.render.RenderedFile;
import io.kestrastack.testing.StackArbitraries;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Invariants of the rendered manifests over generated deployments: selectors, Service targets, Secret
 * keys, secret values, the context path and determinism. 60 tries per property (25 for determinism):
 * about 15 s in all on a loaded 2-core machine.
 */
class RenderedManifestsPropertiesTest {

    /** A generated deployment and the raw secret values it carries (for the leak check). */
    record Case(KubernetesDeployment deployment, List<String> secretValues, List<RenderedFile> files,
            Map<String, Map<String, Object>> objects) {
        Case(KubernetesDeployment deployment, List<String> secretValues) {
            this(deployment, secretValues, new KubernetesRenderer().render(deployment));
        }

        Case(KubernetesDeployment deployment, List<String> secretValues, List<RenderedFile> files) {
            this(deployment, secretValues, files, K8sTools.manifests(files));
        }

        @Override
        public String toString() {
            return deployment.toString();
        }
    }

    @Property(tries = 60)
    void every_deployment_selector_matches_its_pod_labels(@ForAll("cases") Case c) {
        for (Map<String, Object> d : kind(c, "Deployment")) {
            Map<String, Object> spec = map(d, "spec");
            Map<String, Object> selector = map(map(spec, "selector"), "matchLabels");
            Map<String, Object> labels = map(map(map(spec, "template"), "metadata"), "labels");
            assertTrue(labels.entrySet().containsAll(selector.entrySet()), name(d) + ": " + selector + " vs " + labels);
        }
        Statistics.label("topology").collect(c.deployment().topology());
        Statistics.label("line").collect(c.deployment().line());
        Statistics.label("storage").collect(c.deployment().stack().kestra().storage().type());
        Statistics.label("edge").collect(c.deployment().edge().getClass().getSimpleName());
        Statistics.label("topology").coverage(cov -> {
            cov.check(Topology.SPLIT).percentage(p -> p >= 10);
            cov.check(Topology.STANDALONE).percentage(p -> p >= 10);
        });
        Statistics.label("line").coverage(cov -> {
            cov.check(io.kestrastack.KestraLine.V1).percentage(p -> p >= 10);
            cov.check(io.kestrastack.KestraLine.V2).percentage(p -> p >= 10);
        });
        Statistics.label("edge").coverage(cov -> cov.check("HttpRoute").percentage(p -> p >= 10));
        Statistics.label("storage").coverage(cov -> cov.check("local").percentage(p -> p >= 3));
    }

    @Property(tries = 60)
    void every_service_and_disruption_budget_selects_at_least_one_deployment(@ForAll("cases") Case c) {
        List<Map<String, Object>> podLabels = new ArrayList<>();
        for (Map<String, Object> d : kind(c, "Deployment")) {
            podLabels.add(map(map(map(map(d, "spec"), "template"), "metadata"), "labels"));
        }
        for (Map<String, Object> s : kind(c, "Service")) {
            Map<String, Object> selector = map(map(s, "spec"), "selector");
            assertTrue(podLabels.stream().anyMatch(l -> l.entrySet().containsAll(selector.entrySet())), name(s));
            for (Object port : list(map(s, "spec"), "ports")) {
                assertTrue(!"management".equals(((Map<?, ?>) port).get("name"))
                        && !Integer.valueOf(8081).equals(((Map<?, ?>) port).get("port")), "management port exposed by " + name(s));
            }
        }
        for (Map<String, Object> p : kind(c, "PodDisruptionBudget")) {
            Map<String, Object> selector = map(map(map(p, "spec"), "selector"), "matchLabels");
            assertTrue(podLabels.stream().anyMatch(l -> l.entrySet().containsAll(selector.entrySet())), name(p));
        }
        for (Map<String, Object> n : kind(c, "NetworkPolicy")) {
            Map<String, Object> selector = map(map(map(n, "spec"), "podSelector"), "matchLabels");
            assertTrue(podLabels.stream().anyMatch(l -> l.entrySet().containsAll(selector.entrySet())), name(n));
        }
    }

    @Property(tries = 60)
    void the_edge_routes_to_an_existing_service_port_of_the_http_component(@ForAll("cases") Case c) {
        Map<String, List<Object>> servicePorts = new java.util.LinkedHashMap<>();
        for (Map<String, Object> s : kind(c, "Service")) {
            List<Object> ports = new ArrayList<>();
            for (Object port : list(map(s, "spec"), "ports")) {
                ports.add(((Map<?, ?>) port).get("name"));
                ports.add(((Map<?, ?>) port).get("port"));
            }
            servicePorts.put(map(s, "metadata").get("name").toString(), ports);
        }
        String http = c.deployment().topology() == Topology.STANDALONE ? "standalone" : "webserver";
        List<String> backends = new ArrayList<>();
        for (Map<String, Object> i : kind(c, "Ingress")) {
            for (Object rule : list(map(i, "spec"), "rules")) {
                for (Object path : list(map(cast(rule), "http"), "paths")) {
                    Map<String, Object> service = map(map(cast(path), "backend"), "service");
                    String name = service.get("name").toString();
                    backends.add(name);
                    assertTrue(servicePorts.getOrDefault(name, List.of()).contains(map(service, "port").get("name")), name);
                }
            }
        }
        for (Map<String, Object> r : kind(c, "HTTPRoute")) {
            for (Object rule : list(map(r, "spec"), "rules")) {
                for (Object ref : list(cast(rule), "backendRefs")) {
                    String name = ((Map<?, ?>) ref).get("name").toString();
                    backends.add(name);
                    assertTrue(servicePorts.getOrDefault(name, List.of()).contains(((Map<?, ?>) ref).get("port")), name);
                }
            }
        }
        assertEquals(List.of(c.deployment().name() + "-" + http), backends);
    }

    @Property(tries = 60)
    void every_secret_key_a_container_references_exists(@ForAll("cases") Case c) {
        Map<String, Map<String, Object>> objects = objects(c);
        Map<String, Object> secret = objects.get(KubernetesRenderer.SECRET_FILE);
        Map<String, Object> data = secret == null ? Map.of() : map(secret, "stringData");
        String ours = KubernetesRenderer.secretName(c.deployment());
        for (Map<String, Object> d : kind(c, "Deployment")) {
            for (Object container : list(map(map(map(d, "spec"), "template"), "spec"), "containers")) {
                for (Object env : list(cast(container), "env")) {
                    Object valueFrom = ((Map<?, ?>) env).get("valueFrom");
                    if (valueFrom == null) {
                        continue;
                    }
                    Map<String, Object> ref = map(cast(valueFrom), "secretKeyRef");
                    if (ref.get("name").equals(ours)) {
                        assertTrue(data.containsKey(ref.get("key")), name(d) + " references missing key " + ref.get("key"));
                    } else {
                        SecretKeyRef existing = c.deployment().postgres().existingPassword().orElseThrow();
                        assertEquals(existing.name(), ref.get("name"));
                        assertEquals(existing.key(), ref.get("key"));
                    }
                }
            }
        }
    }

    @Property(tries = 60)
    void secret_values_appear_only_in_the_secret_and_read_back_exactly(@ForAll("cases") Case c) {
        List<RenderedFile> files = c.files();
        for (RenderedFile f : files) {
            for (String value : c.secretValues()) {
                if (!f.path().equals(KubernetesRenderer.SECRET_FILE)) {
                    assertFalse(f.content().contains(value), "a secret value leaked into " + f.path());
                }
            }
        }
        Map<String, Object> secret = c.objects().get(KubernetesRenderer.SECRET_FILE);
        if (secret != null) {
            Map<String, Object> data = map(secret, "stringData");
            for (Secret s : c.deployment().secrets()) {
                String expected = io.kestrastack.internal.SecretAccess.reveal(s);
                if (s.variable().startsWith("SECRET_")) {
                    expected = Base64.getEncoder().encodeToString(expected.getBytes(StandardCharsets.UTF_8));
                }
                assertEquals(expected, data.get(s.variable()), "value of " + s.variable() + " after YAML");
            }
        }
    }

    @Property(tries = 60)
    void probes_route_and_kestra_url_agree_on_the_context_path(@ForAll("cases") Case c) {
        String contextPath = c.deployment().stack().contextPath().value();
        String prefix = contextPath.equals("/") ? "" : contextPath;
        Map<String, Object> config = cast(Yaml.load(map(objects(c).get("configmap.yaml"), "data").get("application.yaml").toString()));
        String url = map(config, "kestra").get("url").toString();
        assertEquals(prefix + "/", URI.create(url).getPath());
        for (Map<String, Object> d : kind(c, "Deployment")) {
            for (Object container : list(map(map(map(d, "spec"), "template"), "spec"), "containers")) {
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    String path = map(map(cast(container), probe), "httpGet").get("path").toString();
                    assertTrue(path.startsWith(prefix + "/health"), name(d) + " " + probe + " " + path);
                }
            }
        }
        List<String> routes = new ArrayList<>();
        for (Map<String, Object> i : kind(c, "Ingress")) {
            for (Object rule : list(map(i, "spec"), "rules")) {
                for (Object path : list(map(cast(rule), "http"), "paths")) {
                    routes.add(((Map<?, ?>) path).get("path").toString());
                }
            }
            Map<String, Object> annotations = cast(map(i, "metadata").getOrDefault("annotations", Map.of()));
            assertTrue(annotations.keySet().stream().noneMatch(k -> k.contains("rewrite")), "no rewrite");
        }
        for (Map<String, Object> r : kind(c, "HTTPRoute")) {
            for (Object rule : list(map(r, "spec"), "rules")) {
                assertTrue(((Map<?, ?>) rule).get("filters") == null, "no URL rewrite filter");
                for (Object match : list(cast(rule), "matches")) {
                    routes.add(map(cast(match), "path").get("value").toString());
                }
            }
        }
        assertEquals(List.of(contextPath), routes);
        Object micronautPath = config.containsKey("micronaut")
                ? map(map(config, "micronaut"), "server").get("context-path") : null;
        assertEquals(contextPath.equals("/") ? null : contextPath, micronautPath);
    }

    @Property(tries = 25)
    void rendering_is_deterministic(@ForAll("cases") Case c) {
        assertEquals(c.files(), new KubernetesRenderer().render(c.deployment()));
        assertEquals(new KubernetesRenderer().render(c.deployment()),
                new KubernetesRenderer().render(c.deployment().toBuilder().build()));
    }

    // ---- generators

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String> image = Arbitraries.of("kestra/kestra:v2.0.5", "kestra/kestra:v1.3.15");
        Arbitrary<String> contextPath = Arbitraries.of("/", "/kestra", "/tools/kestra");
        Arbitrary<Integer> storage = Arbitraries.integers().between(0, 5);
        Arbitrary<Integer> shape = Arbitraries.integers().between(0, 3);
        Arbitrary<Boolean> existingPassword = Arbitraries.of(true, false);
        Arbitrary<Integer> edge = Arbitraries.integers().between(0, 3);
        Arbitrary<String> secret = StackArbitraries.secretValues();
        return Combinators.combine(image, contextPath, storage, shape, existingPassword, edge, secret,
                StackArbitraries.passwords()).as(RenderedManifestsPropertiesTest::build);
    }

    private static Case build(String image, String contextPath, int storageKind, int shape, boolean existing, int edgeKind,
            String secretValue, String password) {
        List<String> values = new ArrayList<>();
        values.add(password);
        values.add(secretValue);
        boolean local = storageKind == 0;
        InternalStorage storage = switch (storageKind) {
            case 0 -> InternalStorage.local();
            case 1 -> new InternalStorage.S3("kestra-data", "eu-west-1", null, null, null, false);
            case 2 -> new InternalStorage.S3("kestra-data", "us-east-1", "https://s3.example.com:9000",
                    Secret.of("S3_ACCESS_KEY", "AK" + secretValue), Secret.of("S3_SECRET_KEY", "SK" + secretValue), true);
            case 3 -> new InternalStorage.Gcs("kestra-data", "my-project-1", null);
            case 4 -> new InternalStorage.Azure("https://acct.blob.core.windows.net", "kestra",
                    Secret.of("AZURE_CONNECTION_STRING", "AZ" + secretValue));
            default -> new InternalStorage.Minio("minio.example.com", 9000, true, "kestra-data",
                    Secret.of("MINIO_ACCESS_KEY", "MA" + secretValue), Secret.of("MINIO_SECRET_KEY", "MS" + secretValue));
        };
        KubernetesDeployment.Builder b = KubernetesDeployment.builder()
                .stack(s -> s.publicAddress("https://kestra.example.com").contextPath(contextPath)
                        .kestra(k -> k.image(image).storage(storage)
                                .basicAuth("admin@example.com", Secret.of("BASIC_AUTH_PASSWORD", password))
                                .encryptionKey(Secret.of("ENCRYPTION_SECRET_KEY", "EK" + secretValue))
                                .addFlowSecret(Secret.of("SECRET_TOKEN", "FS" + secretValue))));
        if (!local) {
            switch (shape) {
                case 1 -> b.replicas(2);
                case 2 -> b.topology(Topology.SPLIT).workers(3).workerThreads(4);
                case 3 -> b.topology(Topology.SPLIT).replicas(2).workers(1);
                default -> { }
            }
        }
        b.postgres(p -> {
            p.host("db.example.com");
            if (existing) {
                p.passwordFromSecret("kestra-db", "password");
            } else {
                p.password(Secret.of("POSTGRES_PASSWORD", "PG" + secretValue));
            }
        });
        b.edge(switch (edgeKind) {
            case 0 -> KubernetesEdge.ingressNginx();
            case 1 -> KubernetesEdge.ingressNginx().withTls(IngressTls.certManager("letsencrypt", true, "kestra-tls"));
            case 2 -> KubernetesEdge.ingress("traefik", "traefik").withTls(IngressTls.fromSecret("kestra-cert"));
            default -> KubernetesEdge.httpRoute("public", "gateway-system");
        });
        for (String prefix : List.of("AK", "SK", "AZ", "MA", "MS", "EK", "FS", "PG")) {
            values.add(prefix + secretValue);
        }
        values.add(Base64.getEncoder().encodeToString(("FS" + secretValue).getBytes(StandardCharsets.UTF_8)));
        return new Case(b.build(), values);
    }

    // ---- tree helpers

    private static Map<String, Map<String, Object>> objects(Case c) {
        return c.objects();
    }

    private static List<Map<String, Object>> kind(Case c, String kind) {
        return objects(c).values().stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        if (!(v instanceof Map<?, ?>)) {
            throw new AssertionError("no map at " + key + " in " + parent.keySet());
        }
        return cast(v);
    }

    private static List<?> list(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        return v instanceof List<?> l ? l : List.of();
    }

    private static String name(Map<String, Object> object) {
        return object.get("kind") + "/" + map(object, "metadata").get("name");
    }
}
