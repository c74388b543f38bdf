package io.kestrastack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.testing.Examples;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MonitoringTest {

    private static Set<String> problems(StackConfigException e) {
        Set<String> out = new TreeSet<>();
        e.violations().forEach(v -> out.add(v.path() + " " + v.code()));
        return out;
    }

    @Test
    void defaults_are_the_documented_thresholds_and_nothing_is_published() {
        Monitoring m = Monitoring.builder().alertWebhook("https://hooks.example.com/a").build();
        assertEquals(14, m.certificateDays());
        assertEquals(5, m.failedExecutionsPerHour());
        assertEquals(0.8, m.postgresConnectionsRatio());
        assertEquals(0.1, m.diskFreeRatio());
        assertTrue(m.prometheusPort().isEmpty() && m.alertmanagerPort().isEmpty());
        assertTrue(m.backupMaxAgeHours().isEmpty(), "derived from the backup schedule by default");
        assertEquals(m.toString(), m.toBuilder().build().toString());
    }

    @Test
    void every_problem_is_reported_at_once_with_its_path_and_code() {
        StackConfigException e = assertThrows(StackConfigException.class, () -> Monitoring.builder()
                .alertEmail(new Monitoring.Email("not-an-address", "alerts@example.com", "smtp.example.com", null,
                        Secret.of("ALERT_SMTP_PASSWORD", "pw-1"), true))
                .prometheusImage("prom/prometheus:latest").nodeExporterImage("prom/node-exporter")
                .publishPrometheus(9090).publishAlertmanager(9090)
                .certificateDays(0).workerSaturation(1.5).postgresConnectionsRatio(1).diskFreeRatio(0)
                .apiLatencySeconds(0).backupMaxAgeHours(0).build());
        assertEquals(new TreeSet<>(List.of("receiver.to invalid-email", "receiver.smarthost invalid-smarthost",
                "receiver.password password-without-username", "prometheusImage unpinned-image",
                "nodeExporterImage unpinned-image", "alertmanagerPort port-conflict", "certificateDays out-of-range",
                "workerSaturation out-of-range", "postgresConnectionsRatio out-of-range", "diskFreeRatio out-of-range",
                "apiLatencySeconds out-of-range", "backupMaxAgeHours out-of-range")), problems(e));
    }

    @Test
    void a_receiver_is_required_and_a_webhook_must_be_a_plain_url_without_credentials() {
        assertEquals(Set.of("receiver required"), problems(assertThrows(StackConfigException.class,
                () -> Monitoring.builder().build())));
        for (String bad : List.of("ftp://x.example.com/", "https://user:pw@hooks.example.com/a", "https://h.example.com/a b")) {
            assertEquals(Set.of("receiver.url invalid-url"), problems(assertThrows(StackConfigException.class,
                    () -> Monitoring.builder().alertWebhook(bad).build())), bad);
        }
    }

    @Test
    void the_stack_reports_monitoring_problems_under_monitoring_and_checks_names_and_ports() {
        StackConfigException e = assertThrows(StackConfigException.class, () -> Examples.singleHost()
                .postgres(p -> p.serviceName("prometheus").volume("alertmanager-data").publishedPort(9093))
                .monitoring(m -> m.alertWebhook("https://hooks.example.com/a").publishAlertmanager(9093))
                .build());
        Set<String> found = problems(e);
        assertEquals(Set.of("monitoring.retentionDays out-of-range"), problems(assertThrows(StackConfigException.class,
                () -> Examples.singleHost().monitoring(m -> m.alertWebhook("https://hooks.example.com/a").retentionDays(0))
                        .build())));
        assertTrue(found.contains("monitoring duplicate-service-name"), found.toString());
        assertTrue(found.contains("monitoring duplicate-volume"), found.toString());
        assertTrue(found.contains("monitoring port-conflict"), found.toString());
    }

    @Test
    void the_smtp_password_is_a_secret_of_the_stack_and_never_printed() {
        Secret pw = Secret.of("ALERT_SMTP_PASSWORD", "smtp-Pass-1");
        Stack stack = Examples.singleHost().monitoring(m -> m.alertEmail(new Monitoring.Email("ops@example.com",
                "alerts@example.com", "smtp.example.com:587", "alerts", pw, true))).build();
        assertTrue(stack.secrets().contains(pw));
        assertFalse(stack.toString().contains("smtp-Pass-1"));
        assertFalse(stack.monitoring().orElseThrow().toString().contains("smtp-Pass-1"));
        assertTrue(stack.toBuilder().noMonitoring().build().monitoring().isEmpty());
    }
}
