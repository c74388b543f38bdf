package io.kestrastack.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.bundle.StackBundle;
import io.kestrastack.lint.Finding;
import io.kestrastack.lint.Severity;
import io.kestrastack.lint.StackLint;
import io.kestrastack.proxy.NginxEdge;
import io.kestrastack.render.ComposeRenderer;
import io.kestrastack.render.KestraConfigRenderer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The benchmarks measure what their names say: valid stacks, complete bundles, a floor of the same YAML. */
class FixtureTest {

    @ParameterizedTest
    @ValueSource(strings = {Stacks.MINIMAL, Stacks.FULL})
    void repeatedValidationAndRenderingGiveTheSameBundle(String name) {
        Fixture f = Fixture.of(name);
        StackBundle again = StackBundle.of(f.builder().build());
        assertEquals(f.bundle().files(), again.files());
    }

    @Test
    void theFullStackRendersEveryKindOfFile() {
        Map<String, String> files = Fixture.of(Stacks.FULL).files();
        for (String path : List.of(ComposeRenderer.PATH, ".env", KestraConfigRenderer.PATH, NginxEdge.CONF_PATH,
                NginxEdge.CERTBOT_SCRIPT_PATH, "VERIFY.md")) {
            assertTrue(files.containsKey(path), path + " missing from " + files.keySet());
        }
        String config = files.get(KestraConfigRenderer.PATH);
        assertTrue(config.contains("s3:") && config.contains("proxy-address") && config.contains("context-path"), config);
        String env = files.get(".env");
        assertTrue(env.contains("SECRET_GITHUB_TOKEN=") && env.contains("S3_SECRET_KEY="), "env");
    }

    @Test
    void theMinimalStackHasNoEdgeAndAnInlineConfiguration() {
        Fixture f = Fixture.of(Stacks.MINIMAL);
        assertTrue(f.stack().edge().isEmpty());
        assertTrue(f.files().get(ComposeRenderer.PATH).contains("KESTRA_CONFIGURATION"));
    }

    @ParameterizedTest
    @ValueSource(strings = {Stacks.MINIMAL, Stacks.FULL})
    void theFloorDumpsTheSameDocumentsTheBundleHolds(String name) {
        Fixture f = Fixture.of(name);
        List<String> dumped = Fixture.dumpAll(f.yamlTrees());
        Load load = new Load(LoadSettings.builder().build());
        // The configuration first, then each YAML file of the bundle in order.
        assertEquals(load.loadFromString(new KestraConfigRenderer().yaml(f.stack())), load.loadFromString(dumped.get(0)));
        List<String> yamlFiles = f.files().entrySet().stream()
                .filter(e -> (e.getKey().endsWith(".yml") || e.getKey().endsWith(".yaml"))
                        && !e.getKey().equals(KestraConfigRenderer.PATH))
                .map(Map.Entry::getValue).toList();
        assertEquals(yamlFiles.size() + 1, dumped.size());
        for (int i = 0; i < yamlFiles.size(); i++) {
            assertEquals(load.loadFromString(yamlFiles.get(i)), load.loadFromString(dumped.get(i + 1)));
            // Same work: the floor's text is as long as the renderer's, give or take quotes.
            int rendered = yamlFiles.get(i).length();
            assertTrue(Math.abs(rendered - dumped.get(i + 1).length()) < rendered / 20,
                    "floor text differs in size from the rendered file " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Stacks.MINIMAL, Stacks.FULL})
    void theLintFloorParsesTheComposeFileAndTheConfigurationLintReads(String name) {
        Fixture f = Fixture.of(name);
        assertEquals(List.of(f.files().get(ComposeRenderer.PATH), new KestraConfigRenderer().yaml(f.stack())),
                f.lintYamlTexts());
        String config = f.lintYamlTexts().get(1);
        if (name.equals(Stacks.FULL)) {
            assertEquals(f.files().get(KestraConfigRenderer.PATH), config);
        } else {
            // Inline: the same text, with Compose's $ escaping, is the value of KESTRA_CONFIGURATION.
            assertTrue(f.files().get(ComposeRenderer.PATH).contains(
                    config.replace("$", "$$").strip().lines().findFirst().orElseThrow()));
        }
        assertEquals(2, Fixture.composeAll(f.lintYamlTexts()).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {Stacks.MINIMAL, Stacks.FULL})
    void lintFindsNoErrorInTheRenderedBundle(String name) {
        // Warnings may stand (the full stack opts into HSTS preloading on purpose); an error would mean lint
        // stops early or rejects the renderers' own output, and the lint benchmark would measure the wrong thing.
        List<Finding> errors = StackLint.lint(Fixture.of(name).files()).stream()
                .filter(f -> f.severity() == Severity.ERROR).toList();
        assertEquals(List.of(), errors);
    }
}
