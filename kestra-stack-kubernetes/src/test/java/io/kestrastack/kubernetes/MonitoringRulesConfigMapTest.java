package io.kestrastack.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.kubernetes.render.KubernetesRenderer;
import io.kestrastack.kubernetes.testing.K8sExamples;
import io.kestrastack.render.RenderedFile;
import io.kestrastack.testing.BundleDir;
import io.kestrastack.testing.PrometheusTools;
import io.kestrastack.testing.ToolProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With monitoring, the Kubernetes target carries the alert rules on Kestra's metrics as a plain ConfigMap (no
 * operator CRD), whose rules pass {@code promtool check rules} and whose unit tests pass {@code promtool test
 * rules}; its pods carry the {@code prometheus.io/*} scrape annotations with the path under the context path.
 */
class MonitoringRulesConfigMapTest {

    private static final KubernetesDeployment WITH_MONITORING = K8sExamples.variants().get(3);

    @SuppressWarnings("unchecked")
    @Test
    void the_rules_config_map_passes_promtool_and_the_pods_carry_scrape_annotations() {
        Map<String, Map<String, Object>> objects = new KubernetesRenderer().objects(WITH_MONITORING);
        Map<String, Object> cm = objects.get("configmap-prometheus-rules.yaml");
        assertEquals("ConfigMap", cm.get("kind"));
        Map<String, Object> data = (Map<String, Object>) cm.get("data");
        String rules = ((io.kestrastack.internal.Yaml.Block) data.get("alerts.yml")).value();
        String tests = ((io.kestrastack.internal.Yaml.Block) data.get("alerts.test.yml")).value();
        try (BundleDir dir = BundleDir.write(List.of(RenderedFile.of("alerts.yml", rules), RenderedFile.of("alerts.test.yml", tests)))) {
            ok(PrometheusTools.promtool(dir.root(), "check", "rules", "alerts.yml"));
            ok(PrometheusTools.promtool(dir.root(), "test", "rules", "alerts.test.yml"));
        }
        try (BundleDir dir = BundleDir.write(List.of(RenderedFile.of("alerts.yml", rules.replace("== 0", "== 1")),
                RenderedFile.of("alerts.test.yml", tests)))) {
            assertNotEquals(0, PrometheusTools.promtool(dir.root(), "test", "rules", "alerts.test.yml").exitCode());
        }
        Map<String, Object> deployment = objects.entrySet().stream().filter(e -> e.getKey().startsWith("deployment-"))
                .findFirst().orElseThrow().getValue();
        Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) deployment.get("spec")).get("template");
        Map<String, Object> annotations = (Map<String, Object>) ((Map<String, Object>) template.get("metadata")).get("annotations");
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals("8081", annotations.get("prometheus.io/port"));
        assertEquals("/kestra/prometheus", annotations.get("prometheus.io/path"));
        assertTrue(!new KubernetesRenderer().objects(K8sExamples.variants().get(0)).containsKey("configmap-prometheus-rules.yaml"));
    }

    private static void ok(ToolProcess.Result r) {
        assertEquals(0, r.exitCode(), r.describe());
    }
}
