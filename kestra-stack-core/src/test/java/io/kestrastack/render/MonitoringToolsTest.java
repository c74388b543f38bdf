package io.kestrastack.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.Monitoring;
import io.kestrastack.Secret;
import io.kestrastack.Stack;
import io.kestrastack.bundle.Operations;
import io.kestrastack.bundle.StackBundle;
import io.kestrastack.internal.Yaml;
import io.kestrastack.testing.BundleDir;
import io.kestrastack.testing.ComposeCli;
import io.kestrastack.testing.Dclint;
import io.kestrastack.testing.Goldens;
import io.kestrastack.testing.Examples;
import io.kestrastack.testing.FakeEdge;
import io.kestrastack.testing.PrometheusTools;
import io.kestrastack.testing.ToolProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The monitoring files of rendered bundles pass the Prometheus project's own checkers (Debian's promtool 2.42,
 * amtool 0.25, blackbox exporter 0.23): {@code promtool check config}, {@code promtool check rules},
 * {@code promtool test rules} (each alert fires on one series and stays quiet on another),
 * {@code amtool check-config} and the blackbox exporter's {@code --config.check}. Each checker is also shown to
 * reject a broken copy, so a pass means something.
 */
class MonitoringToolsTest {

    static Stream<Arguments> bundles() {
        return Stream.of(
                Arguments.of("local, webhook, backups", StackBundle.of(Examples.singleHost()
                        .monitoring(m -> m.alertWebhook("https://hooks.example.com/kestra?token=abc")).build())),
                Arguments.of("public https under /kestra, e-mail with password, backups every 6 h", StackBundle.of(
                        Examples.singleHost().publicAddress("https://flows.example.com").contextPath("/kestra")
                                .monitoring(m -> m.alertEmail(new Monitoring.Email("ops@example.com", "alerts@example.com",
                                        "smtp.example.com:587", "alerts", Secret.of("ALERT_SMTP_PASSWORD", "smtp-Pass-1"), true))
                                        .publishPrometheus(9090).publishAlertmanager(9093).workerSaturation(1.0)
                                        .failedExecutionsPerHour(0).apiLatencySeconds(0.25).certificateDays(30))
                                .build(),
                        Operations.builder().backups(new Operations.Backups(6, 7)).build())),
                Arguments.of("no backups, custom thresholds", StackBundle.of(Examples.singleHost()
                        .monitoring(m -> m.alertEmail(new Monitoring.Email("ops@example.com", "alerts@example.com",
                                "smtp.example.com:25", null, null, false)).diskFreeRatio(0.25).postgresConnectionsRatio(0.005)
                                .taskQueueSeconds(5).workerBacklog(1).backupMaxAgeHours(48)).build(),
                        Operations.builder().noBackups().build())),
                Arguments.of("public https, the edge signs its own certificate", StackBundle.of(Examples.singleHost()
                        .publicAddress("https://kestra.corp.example").edge(FakeEdge.ok().withOwnCertificate())
                        .monitoring(m -> m.alertWebhook("https://hooks.example.com/a")).build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void promtool_checks_the_configuration_and_rules_and_every_rule_test_passes(String name, StackBundle bundle) {
        try (BundleDir dir = BundleDir.write(bundle.files())) {
            Path prom = dir.file("monitoring/prometheus");
            ok(PrometheusTools.promtool(prom, "check", "config", "prometheus.yml"));
            ok(PrometheusTools.promtool(prom, "check", "rules", "alerts.yml"));
            ToolProcess.Result tests = PrometheusTools.promtool(prom, "test", "rules", "alerts.test.yml");
            ok(tests);
            assertTrue(tests.stdout().contains("SUCCESS"), tests.describe());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void amtool_and_the_blackbox_exporter_accept_their_configuration(String name, StackBundle bundle) {
        try (BundleDir dir = BundleDir.write(bundle.files())) {
            ok(PrometheusTools.amtool(dir.root(), "check-config", MonitoringRenderer.ALERTMANAGER_CONFIG));
            ok(PrometheusTools.blackboxCheck(dir.root(), dir.file(MonitoringRenderer.BLACKBOX_CONFIG)));
        }
    }

    /** Every alert of the rules file has a test in which it fires and one in which it must stay quiet. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void every_alert_has_a_firing_and_a_quiet_unit_test(String name, StackBundle bundle) {
        Set<String> alerts = alerts(bundle.content(MonitoringRenderer.RULES));
        Map<String, Set<String>> outcomes = testOutcomes(bundle.content(MonitoringRenderer.RULE_TESTS));
        assertEquals(alerts, outcomes.keySet(), "alerts in the rules vs alerts the tests cover");
        outcomes.forEach((alert, kinds) -> assertEquals(Set.of("fires", "quiet"), kinds, alert));
        assertTrue(alerts.size() >= 12, alerts.toString());
    }

    /** VERIFY.md's "what to watch first" names every alert the rules define, and nothing else. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void verify_md_points_at_every_alert(String name, StackBundle bundle) {
        String verify = bundle.content("VERIFY.md");
        String section = verify.substring(verify.indexOf("## What to watch first"));
        Set<String> named = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("`([A-Z][A-Za-z]+)`").matcher(section);
        while (m.find()) {
            named.add(m.group(1));
        }
        assertEquals(alerts(bundle.content(MonitoringRenderer.RULES)), named);
    }

    @Test
    void the_backup_alerts_exist_only_with_backups_and_follow_the_schedule() {
        Stack stack = Examples.singleHost().monitoring(m -> m.alertWebhook("https://hooks.example.com/a")).build();
        String with = StackBundle.of(stack, Operations.builder().backups(new Operations.Backups(6, 7)).build())
                .content(MonitoringRenderer.RULES);
        assertTrue(alerts(with).containsAll(Set.of("BackupTooOld", "BackupNeverWritten")));
        assertTrue(with.contains("> 43200"), "twice the 6 h interval in seconds:\n" + with);
        String without = StackBundle.of(stack, Operations.builder().noBackups().build()).content(MonitoringRenderer.RULES);
        assertFalse(alerts(without).contains("BackupTooOld"));
    }

    /**
     * Through an edge that signs its own certificate (Caddy's {@code tls internal}: 12-hour certificates from a CA no
     * client trusts), the public probe checks the answer over TLS without verifying the signer, and no certificate
     * alert exists (it would always fire); through an edge with a public certificate the probe verifies and the alert
     * watches its expiry.
     */
    @Test
    void an_edge_that_signs_its_own_certificate_is_probed_without_verification_and_without_a_certificate_alert() {
        Stack own = Examples.singleHost().publicAddress("https://kestra.corp.example").edge(FakeEdge.ok().withOwnCertificate())
                .monitoring(m -> m.alertWebhook("https://hooks.example.com/a")).build();
        Stack bought = own.toBuilder().edge(FakeEdge.ok()).build();
        Map<?, ?> ownModule = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) Yaml.load(StackBundle.of(own)
                .content(MonitoringRenderer.BLACKBOX_CONFIG))).get("modules")).get("kestra_public");
        assertEquals(Map.of("insecure_skip_verify", true), ((Map<?, ?>) ownModule.get("http")).get("tls_config"));
        assertFalse(alerts(StackBundle.of(own).content(MonitoringRenderer.RULES)).contains("KestraCertificateExpiring"));
        Map<?, ?> boughtModule = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) Yaml.load(StackBundle.of(bought)
                .content(MonitoringRenderer.BLACKBOX_CONFIG))).get("modules")).get("kestra_public");
        assertFalse(((Map<?, ?>) boughtModule.get("http")).containsKey("tls_config"));
        assertTrue(alerts(StackBundle.of(bought).content(MonitoringRenderer.RULES)).contains("KestraCertificateExpiring"));
    }

    /** Compose v1 reads each bundle with monitoring; the exporter gets the Postgres password from .env only. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void docker_compose_reads_the_bundle_and_the_exporter_gets_the_password_from_env(String name, StackBundle bundle) {
        try (BundleDir dir = BundleDir.write(bundle.files())) {
            ComposeCli.Config config = ComposeCli.locate().config(dir.root());
            assertTrue(config.serviceNames().containsAll(Monitoring.SERVICE_NAMES), config.serviceNames().toString());
            assertEquals("test-Postgres-password-1",
                    config.environment("postgres-exporter").get("DATA_SOURCE_PASS"));
            String compose = bundle.content("docker-compose.yml");
            assertFalse(compose.contains("test-Postgres-password-1"), "the password is in docker-compose.yml");
            assertFalse(compose.contains("smtp-Pass-1"), "the SMTP password is in docker-compose.yml");
            for (String s : Monitoring.SERVICE_NAMES) {
                Object ports = config.service(s).get("ports");
                if (ports != null) {
                    assertTrue(ports.toString().contains("127.0.0.1"), s + " published beyond loopback: " + ports);
                }
            }
        }
    }

    @Test
    void dclint_finds_nothing_in_bundles_with_monitoring() {
        List<BundleDir> dirs = new ArrayList<>();
        try {
            for (StackBundle b : all()) {
                dirs.add(BundleDir.write(b.files()));
            }
            List<Dclint.Message> findings = Dclint.locate().lint(dirs.stream().map(d -> d.file("docker-compose.yml")).toList());
            assertEquals(List.of(), findings);
        } finally {
            dirs.forEach(BundleDir::close);
        }
    }

    /** The compose file and monitoring/ of the https bundle under /kestra, byte for byte. */
    @Test
    void the_monitoring_files_match_their_goldens() {
        StackBundle bundle = all().get(1);
        Goldens.assertMatches("monitoring", bundle.files().stream()
                .filter(f -> f.path().equals("docker-compose.yml") || f.path().startsWith("monitoring/")).toList());
    }

    // ---- each checker rejects a broken file ----

    @Test
    void promtool_test_rules_fails_when_a_threshold_no_longer_matches_its_tests() throws IOException {
        StackBundle bundle = (StackBundle) bundles().findFirst().orElseThrow().get()[1];
        try (BundleDir dir = BundleDir.write(bundle.files())) {
            Path rules = dir.file(MonitoringRenderer.RULES);
            String text = Files.readString(rules, StandardCharsets.UTF_8);
            String broken = text.replace("[1h])) > 5", "[1h])) > 500");
            assertNotEquals(text, broken);
            Files.writeString(rules, broken, StandardCharsets.UTF_8);
            ToolProcess.Result r = PrometheusTools.promtool(rules.getParent(), "test", "rules", "alerts.test.yml");
            assertNotEquals(0, r.exitCode(), r.describe());
            assertTrue((r.stdout() + r.stderr()).contains("KestraExecutionsFailing"), r.describe());
        }
    }

    @Test
    void promtool_check_rules_and_config_reject_broken_files() throws IOException {
        StackBundle bundle = (StackBundle) bundles().findFirst().orElseThrow().get()[1];
        try (BundleDir dir = BundleDir.write(bundle.files())) {
            Path rules = dir.file(MonitoringRenderer.RULES);
            Files.writeString(rules, Files.readString(rules).replace("up{job=\"kestra\"} == 0", "up{job=\"kestra\" == 0"));
            assertNotEquals(0, PrometheusTools.promtool(rules.getParent(), "check", "rules", "alerts.yml").exitCode());
        }
        // The configuration on its own (the broken rules above would fail `check config` too).
        try (BundleDir dir = BundleDir.write(bundle.files())) {
            Path config = dir.file(MonitoringRenderer.PROMETHEUS_CONFIG);
            String text = Files.readString(config);
            String broken = text.replace("scrape_interval: \"30s\"", "scrape_interval: thirty");
            assertNotEquals(text, broken);
            Files.writeString(config, broken);
            assertNotEquals(0, PrometheusTools.promtool(config.getParent(), "check", "config", "prometheus.yml").exitCode());
        }
    }

    @Test
    void amtool_and_the_blackbox_check_reject_broken_files() throws IOException {
        StackBundle bundle = (StackBundle) bundles().findFirst().orElseThrow().get()[1];
        try (BundleDir dir = BundleDir.write(bundle.files())) {
            Path am = dir.file(MonitoringRenderer.ALERTMANAGER_CONFIG);
            Files.writeString(am, Files.readString(am).replace("receiver: webhook", "receiver: nobody"));
            assertNotEquals(0, PrometheusTools.amtool(dir.root(), "check-config", MonitoringRenderer.ALERTMANAGER_CONFIG).exitCode());
            Path bb = dir.file(MonitoringRenderer.BLACKBOX_CONFIG);
            Files.writeString(bb, Files.readString(bb).replace("preferred_ip_protocol", "preferred_ip_protocl"));
            assertNotEquals(0, PrometheusTools.blackboxCheck(dir.root(), bb).exitCode());
        }
    }

    private static void ok(ToolProcess.Result r) {
        assertEquals(0, r.exitCode(), r.describe());
    }

    @SuppressWarnings("unchecked")
    static Set<String> alerts(String rulesYaml) {
        Set<String> names = new TreeSet<>();
        Map<String, Object> root = (Map<String, Object>) Yaml.load(rulesYaml);
        for (Object g : (List<Object>) root.get("groups")) {
            for (Object r : (List<Object>) ((Map<String, Object>) g).get("rules")) {
                names.add((String) ((Map<String, Object>) r).get("alert"));
            }
        }
        return names;
    }

    /** For each alert the tests name: "fires" if a test expects it, "quiet" if a test expects none. */
    @SuppressWarnings("unchecked")
    static Map<String, Set<String>> testOutcomes(String testsYaml) {
        Map<String, Set<String>> out = new TreeMap<>();
        Map<String, Object> root = (Map<String, Object>) Yaml.load(testsYaml);
        for (Object t : (List<Object>) root.get("tests")) {
            for (Object c : (List<Object>) ((Map<String, Object>) t).get("alert_rule_test")) {
                Map<String, Object> check = (Map<String, Object>) c;
                List<Object> expected = (List<Object>) check.get("exp_alerts");
                out.computeIfAbsent((String) check.get("alertname"), k -> new TreeSet<>())
                        .add(expected.isEmpty() ? "quiet" : "fires");
            }
        }
        return out;
    }

    static List<StackBundle> all() {
        List<StackBundle> out = new ArrayList<>();
        bundles().forEach(a -> out.add((StackBundle) a.get()[1]));
        return out;
    }
}
