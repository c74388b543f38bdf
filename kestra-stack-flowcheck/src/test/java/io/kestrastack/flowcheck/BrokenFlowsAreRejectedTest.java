package io.kestrastack.flowcheck;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.bundle.StackBundle;
import io.kestrastack.internal.Yaml;
import io.kestrastack.testing.Examples;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The validator can fail: the rendered smoke-test flow, broken one way at a time, is rejected by Kestra
 * with a message that names the problem. The cases Kestra does not catch are pinned too, so the day a
 * Kestra version starts catching them (or stops catching one) this test says so.
 */
class BrokenFlowsAreRejectedTest {

    private static KestraFlowValidator kestra;

    @BeforeAll
    static void startKestra() {
        kestra = KestraFlowValidator.shared();
    }

    /** The smoke-test flow as the library renders it for this line, broken by {@code edit}. */
    private static KestraFlowValidator.Verdict broken(Consumer<Map<String, Object>> edit) {
        String image = FlowcheckLine.pinnedMajor() == 1 ? Scenario.V1_IMAGE : io.kestrastack.KestraService.DEFAULT_IMAGE;
        String rendered = StackBundle.of(Examples.singleHost().kestra(k -> k.image(image)).build())
                .content("flows/smoke-test.yaml");
        @SuppressWarnings("unchecked")
        Map<String, Object> flow = (Map<String, Object>) Yaml.load(rendered);
        edit.accept(flow);
        return kestra.validate("flows/smoke-test.yaml", Yaml.dump(flow));
    }

    /** The first HTTP request task of the rendered flow, whatever its id. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> request(Map<String, Object> flow) {
        return ((List<Map<String, Object>>) flow.get("tasks")).stream()
                .filter(t -> "io.kestra.plugin.core.http.Request".equals(t.get("type"))).findFirst()
                .orElseThrow(() -> new AssertionError("the rendered flow has no io.kestra.plugin.core.http.Request task: " + flow));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> task(Map<String, Object> flow, String id) {
        return ((List<Map<String, Object>>) flow.get("tasks")).stream().filter(t -> id.equals(t.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("the rendered flow has no task " + id + ": " + flow));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> trigger(Map<String, Object> flow) {
        return ((List<Map<String, Object>>) flow.get("triggers")).get(0);
    }

    private static void assertRejected(KestraFlowValidator.Verdict verdict, String... named) {
        String message = verdict.rejection();
        for (String part : named) {
            assertTrue(message.contains(part), () -> "Kestra's message does not name '" + part + "': " + message);
        }
    }

    @Test
    void the_unbroken_flow_is_accepted() {
        assertNull(broken(flow -> {}).constraints());
    }

    @Test
    void an_unknown_task_type_is_rejected() {
        assertRejected(broken(flow -> request(flow).put("type", "io.kestra.plugin.core.http.Requests")),
                "Invalid type: io.kestra.plugin.core.http.Requests");
    }

    @Test
    void a_plugin_outside_kestra_core_is_an_invalid_type_here() {
        // Only io.kestra:core's own plugins are on this class path; on a server with the scripts plugin
        // installed this type is valid. Flows the library renders must use core plugins only.
        assertRejected(broken(flow -> request(flow).put("type", "io.kestra.plugin.scripts.shell.Commands")),
                "Invalid type: io.kestra.plugin.scripts.shell.Commands");
    }

    @Test
    void a_request_without_uri_is_rejected() {
        assertRejected(broken(flow -> request(flow).remove("uri")), "uri", "must not be null");
    }

    @Test
    void an_impossible_cron_is_rejected() {
        assertRejected(broken(flow -> trigger(flow).put("cron", "61 * * * *")), "invalid cron expression '61 * * * *'");
    }

    @Test
    void a_misspelt_property_is_rejected() {
        assertRejected(broken(flow -> request(flow).put("url", request(flow).remove("uri"))), "url");
    }

    @Test
    void a_duplicate_task_id_is_rejected() {
        assertRejected(broken(flow -> task(flow, "log_status").put("id", request(flow).get("id"))), "Duplicate task id");
    }

    @Test
    void a_namespace_with_spaces_is_rejected() {
        assertRejected(broken(flow -> flow.put("namespace", "system kestra")), "namespace");
    }

    @Test
    void a_flow_without_tasks_is_rejected() {
        assertRejected(broken(flow -> flow.remove("tasks")), "tasks");
    }

    @Test
    void a_six_field_cron_is_rejected_because_schedule_expects_five_fields() {
        assertRejected(broken(flow -> trigger(flow).put("cron", "0 */15 * * * *")),
                "invalid cron expression '0 */15 * * * *'", "6 parts");
    }

    @Test
    void an_unknown_time_zone_is_rejected() {
        assertRejected(broken(flow -> trigger(flow).put("timezone", "Mars/Olympus")), "timezone", "Mars/Olympus");
    }

    @Test
    void an_invalid_flow_id_is_rejected() {
        assertRejected(broken(flow -> flow.put("id", "smoke test")), "id: must match");
    }

    @Test
    void an_exponential_retry_needs_a_max_interval() {
        // Exponential.maxInterval is @NotNull in io.kestra.core.models.tasks.retrys.Exponential (1.3 and 2.0).
        assertRejected(broken(flow -> request(flow).put("retry",
                Map.of("type", "exponential", "interval", "PT1S", "maxAttempts", 3))), "retry.maxInterval", "must not be null");
    }

    @Test
    void an_exponential_retry_with_interval_and_max_interval_is_accepted() {
        // The shape a smoke test with backoff needs: type, interval, maxInterval (both @NotNull), and a bound.
        assertNull(broken(flow -> request(flow).put("retry", Map.of("type", "exponential", "interval", "PT5S",
                "maxInterval", "PT1M", "maxAttempts", 4))).constraints());
    }

    /*
     * What Kestra's validator does not catch: values that are Property<...> or Pebble expressions are
     * rendered only when the task runs (Property<String> uri, Property<HttpMethod> method), and expressions
     * are not parsed at save time. These pass validation and fail at run time; kestra-stack's own
     * builders are the only check for them (Operations rejects a URL that is not plain http(s)).
     */

    @Test
    void kestra_does_not_check_that_the_uri_is_a_url() {
        assertNull(broken(flow -> request(flow).put("uri", "not a url")).constraints());
    }

    @Test
    void kestra_does_not_check_the_http_method_before_run_time() {
        assertNull(broken(flow -> request(flow).put("method", "FETCH")).constraints());
    }

    @Test
    void kestra_does_not_parse_pebble_expressions_at_validation() {
        assertNull(broken(flow -> task(flow, "log_status").put("message", "{{ outputs.ping.code ")).constraints());
        assertNull(broken(flow -> task(flow, "log_status").put("message", "{{ outputs.no_such_task.code }}")).constraints());
    }
}
