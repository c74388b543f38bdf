package io.kestrastack.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.internal.Yaml;
import io.kestrastack.kubernetes.render.KubernetesRenderer;
import io.kestrastack.kubernetes.testing.K8sExamples;
import io.kestrastack.kubernetes.testing.K8sTools;
import io.kestrastack.render.RenderedFile;
import io.kestrastack.testing.ToolProcess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rendered manifests pass real validators: the kubernetes-models JSON schemas (types, enums, required
 * fields, patterns), client-java-api's model classes (no unknown field at any depth) and
 * {@code helm lint --strict} (names, selectors, deprecated APIs) and {@code kubectl kustomize} (the
 * kustomization builds). Each check is also shown to fail on a
 * broken object, so that a silent tool cannot pass.
 */
class RealToolsTest {

    private static List<List<RenderedFile>> rendered() {
        List<List<RenderedFile>> out = new ArrayList<>();
        for (KubernetesDeployment d : K8sExamples.variants()) {
            out.add(new KubernetesRenderer().render(d));
        }
        return out;
    }

    private static Map<String, Map<String, Object>> allObjects() {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>();
        int i = 0;
        for (List<RenderedFile> files : rendered()) {
            int n = i++;
            K8sTools.manifests(files).forEach((file, object) -> all.put(n + "/" + file, object));
        }
        return all;
    }

    @Test
    void every_rendered_object_passes_the_kubernetes_models_schemas() {
        Map<String, Map<String, Object>> objects = allObjects();
        ToolProcess.Result r = K8sTools.schemaCheck(objects);
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(objects.size(), r.stdout().lines().filter(l -> l.startsWith("OK ")).count(), r.describe());
        assertTrue(r.stdout().contains("HTTPRoute"), "the Gateway API schema was used: " + r.describe());
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_schema_check_rejects_a_port_that_is_not_a_number() {
        Map<String, Map<String, Object>> objects = K8sTools.manifests(new KubernetesRenderer().render(K8sExamples.standaloneS3Nginx()));
        Map<String, Object> service = objects.get("service-standalone.yaml");
        Map<String, Object> port = ((List<Map<String, Object>>) ((Map<String, Object>) service.get("spec")).get("ports")).get(0);
        port.put("port", "eighty");
        ToolProcess.Result r = K8sTools.schemaCheck(Map.of("service-standalone.yaml", service));
        assertNotEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().contains("FAIL service-standalone.yaml"), r.describe());
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_schema_check_rejects_an_http_route_with_an_unknown_path_match_type() {
        Map<String, Map<String, Object>> objects = K8sTools.manifests(new KubernetesRenderer().render(K8sExamples.splitV2GcsHttpRoute()));
        Map<String, Object> route = objects.get("httproute.yaml");
        Map<String, Object> rule = ((List<Map<String, Object>>) ((Map<String, Object>) route.get("spec")).get("rules")).get(0);
        Map<String, Object> match = ((List<Map<String, Object>>) rule.get("matches")).get(0);
        ((Map<String, Object>) match.get("path")).put("type", "Prefix");
        ToolProcess.Result r = K8sTools.schemaCheck(Map.of("httproute.yaml", route));
        assertNotEquals(0, r.exitCode(), r.describe());
    }

    @Test
    void no_core_object_has_a_field_the_kubernetes_api_does_not_define() {
        List<String> notChecked = new ArrayList<>();
        List<String> problems = K8sTools.unknownFieldProblems(allObjects(), notChecked);
        assertEquals(List.of(), problems);
        assertTrue(notChecked.stream().allMatch(f -> f.endsWith("httproute.yaml")), notChecked.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_unknown_field_check_rejects_a_misspelt_field_deep_in_a_pod_template() {
        Map<String, Map<String, Object>> objects = K8sTools.manifests(new KubernetesRenderer().render(K8sExamples.standaloneS3Nginx()));
        Map<String, Object> deployment = objects.get("deployment-standalone.yaml");
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec"))
                .get("template")).get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        container.put("livenessprobe", container.remove("livenessProbe"));
        List<String> problems = K8sTools.unknownFieldProblems(Map.of("deployment-standalone.yaml", deployment), new ArrayList<>());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("livenessprobe"), problems.toString());
    }

    @Test
    void helm_is_the_pinned_version() {
        assertTrue(K8sTools.helmVersion().startsWith("v4.1.4"), K8sTools.helmVersion());
    }

    @Test
    void helm_lint_strict_accepts_the_manifests_for_the_oldest_supported_kubernetes() {
        for (List<RenderedFile> files : rendered()) {
            ToolProcess.Result r = K8sTools.helmLint(files);
            assertEquals(0, r.exitCode(), r.describe());
            assertFalse(r.stdout().contains("[WARNING]") || r.stdout().contains("[ERROR]"), r.describe());
        }
    }

    @Test
    void helm_lint_rejects_a_removed_api_and_an_invalid_name() {
        List<RenderedFile> files = new ArrayList<>(new KubernetesRenderer().render(K8sExamples.standaloneS3Nginx()));
        files.replaceAll(f -> f.path().equals("pdb-standalone.yaml")
                ? RenderedFile.of(f.path(), f.content().replace("policy/v1", "policy/v1beta1")) : f);
        ToolProcess.Result removed = K8sTools.helmLint(files);
        assertNotEquals(0, removed.exitCode(), removed.describe());

        List<RenderedFile> badName = new ArrayList<>(new KubernetesRenderer().render(K8sExamples.standaloneS3Nginx()));
        badName.replaceAll(f -> f.path().equals("service-standalone.yaml")
                ? RenderedFile.of(f.path(), f.content().replace("name: kestra-standalone\n", "name: Kestra_Standalone\n")) : f);
        ToolProcess.Result invalid = K8sTools.helmLint(badName);
        assertNotEquals(0, invalid.exitCode(), invalid.describe());
    }

    @Test
    void kubectl_kustomize_builds_every_object_the_kustomization_lists() {
        for (List<RenderedFile> files : rendered()) {
            ToolProcess.Result r = K8sTools.kustomize(files);
            assertEquals(0, r.exitCode(), r.describe());
            long kinds = r.stdout().lines().filter(l -> l.startsWith("kind: ")).count();
            assertEquals(files.size() - 1, kinds, r.describe());
        }
    }

    @Test
    void kubectl_kustomize_rejects_a_kustomization_naming_a_missing_file() {
        List<RenderedFile> files = new ArrayList<>(new KubernetesRenderer().render(K8sExamples.standaloneS3Nginx()));
        files.removeIf(f -> f.path().equals("ingress.yaml"));
        ToolProcess.Result r = K8sTools.kustomize(files);
        assertNotEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("ingress.yaml"), r.describe());
    }

    @Test
    void the_kustomization_lists_every_manifest_once_in_render_order() {
        List<RenderedFile> files = new KubernetesRenderer().render(K8sExamples.splitV2GcsHttpRoute());
        RenderedFile kustomization = files.get(files.size() - 1);
        assertEquals("kustomization.yaml", kustomization.path());
        Map<?, ?> k = (Map<?, ?>) Yaml.load(kustomization.content());
        assertEquals(files.stream().map(RenderedFile::path).filter(p -> !p.equals("kustomization.yaml")).toList(), k.get("resources"));
    }
}
