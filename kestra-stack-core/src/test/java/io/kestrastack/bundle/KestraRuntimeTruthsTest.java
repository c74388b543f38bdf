package io.kestrastack.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.InternalStorage;
import io.kestrastack.Secret;
import io.kestrastack.Stack;
import io.kestrastack.testing.ComposeProject;
import io.kestrastack.testing.Examples;
import io.kestrastack.testing.FakeEdge;
import io.kestrastack.testing.RenderedBundle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What the Kestra container needs at run time to start and to do what the bundle promises: a storage
 * volume its non-root user can write, the bundle's flows actually loaded, and a smoke test that can pass
 * from inside the container.
 */
class KestraRuntimeTruthsTest {

    private static ComposeProject compose(StackBundle bundle) {
        return RenderedBundle.of(bundle.files()).compose();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> flow(StackBundle bundle) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(
                bundle.content(DayTwo.SMOKE_TEST_PATH));
    }

    @Test
    void local_storage_is_handed_to_kestras_user_by_a_one_shot_service_kestra_waits_for() {
        ComposeProject compose = compose(StackBundle.of(Examples.minimal().build()));

        Map<String, Object> init = compose.service("kestra-storage-init");
        assertEquals(List.of("chown", "-R", "kestra:kestra", "/app/storage"), init.get("entrypoint"));
        assertEquals("root", init.get("user"));
        assertEquals("no", init.get("restart"), "a one-shot service that restarts would run forever");
        assertEquals(List.of("kestra-storage:/app/storage"), init.get("volumes"));
        assertEquals("kestra/kestra:v2.0.5", init.get("image"), "the same image, so the user name resolves");
        assertEquals("service_completed_successfully", compose.dependsOn("kestra").get("kestra-storage-init"));
        assertNull(compose.service("kestra").get("user"), "Kestra itself keeps the image's non-root user");
    }

    @Test
    void no_storage_init_when_kestra_runs_as_root_or_storage_is_not_a_local_volume() {
        ComposeProject root = compose(StackBundle.of(Examples.minimal().kestra(k -> k.dockerTasks(true)).build()));
        assertFalse(root.serviceNames().contains("kestra-storage-init"));
        assertEquals("root", root.service("kestra").get("user"));

        ComposeProject s3 = compose(StackBundle.of(Examples.minimal().kestra(k -> k.storage(
                new InternalStorage.S3("flows-bucket", "eu-west-1", null, null, null, false))).build()));
        assertFalse(s3.serviceNames().contains("kestra-storage-init"));
        assertFalse(s3.dependsOn("kestra").containsKey("kestra-storage-init"));
    }

    @Test
    void the_bundles_flows_are_mounted_read_only_and_loaded_with_flow_path_at_every_start() {
        ComposeProject compose = compose(StackBundle.of(Examples.minimal().build()));
        Map<String, Object> kestra = compose.service("kestra");
        List<?> command = (List<?>) kestra.get("command");
        int at = command.indexOf("--flow-path");
        assertTrue(at > 0, "server standalone --flow-path loads flows/ at start: " + command);
        assertEquals("/app/flows", command.get(at + 1));
        assertTrue(((List<?>) kestra.get("volumes")).contains("./flows:/app/flows:ro"));
    }

    @Test
    void without_a_smoke_test_there_are_no_flows_to_load() {
        StackBundle bundle = StackBundle.of(Examples.minimal().build(), Operations.builder().noSmokeTest().build());
        Map<String, Object> kestra = compose(bundle).service("kestra");
        assertFalse(((List<?>) kestra.get("command")).contains("--flow-path"));
        assertFalse(((List<?>) kestra.get("volumes")).contains("./flows:/app/flows:ro"));
        assertTrue(bundle.file(DayTwo.SMOKE_TEST_PATH).isEmpty());
    }

    @Test
    void on_a_local_stack_the_smoke_test_asks_kestras_own_ping_under_the_context_path_and_nothing_it_cannot_reach() {
        Stack stack = Examples.minimal().publicAddress("https://localhost").contextPath("/kestra")
                .edge(FakeEdge.ok()).build();
        Map<String, Object> flow = flow(StackBundle.of(stack));
        List<?> tasks = (List<?>) flow.get("tasks");
        Map<?, ?> ping = (Map<?, ?>) tasks.get(0);
        assertEquals("http://localhost:8080/kestra/ping", ping.get("uri"));
        assertTrue(tasks.stream().map(t -> ((Map<?, ?>) t).get("uri")).noneMatch(u -> String.valueOf(u).startsWith("https://")),
                "https://localhost/ is the Kestra container itself, where nothing listens on 443: " + tasks);
        assertTrue(String.valueOf(flow.get("description")).contains("VERIFY.md"), "it says what it does not prove");
    }

    @Test
    void a_url_set_by_the_user_is_requested_as_well_as_ping() {
        StackBundle bundle = StackBundle.of(Examples.minimal().build(), Operations.builder()
                .smokeTest(new Operations.SmokeTest("ops.smoke", "https://status.example.com/", "*/5 * * * *")).build());
        List<?> tasks = (List<?>) flow(bundle).get("tasks");
        assertEquals(List.of("http://localhost:8080/ping", "https://status.example.com/"),
                tasks.stream().map(t -> ((Map<?, ?>) t).get("uri")).filter(u -> u != null).toList());
        assertFalse(String.valueOf(flow(bundle).get("description")).contains("through the edge"),
                "a URL the user chose is not claimed to go through the edge");
    }

    @Test
    void every_request_retries_with_a_bounded_exponential_backoff() {
        List<?> tasks = (List<?>) flow(StackBundle.of(Examples.minimal().build())).get("tasks");
        Map<?, ?> retry = (Map<?, ?>) ((Map<?, ?>) tasks.get(0)).get("retry");
        assertEquals(Map.of("type", "exponential", "interval", "PT10S", "maxInterval", "PT1M", "maxAttempts", 3), retry);
    }

    @Test
    void verify_md_asks_for_readiness_where_micronaut_serves_it() {
        String verify = StackBundle.of(Examples.minimal().contextPath("/kestra").build()).content("VERIFY.md");
        assertTrue(verify.contains("http://localhost:8081/kestra/health/readiness"), verify);
        assertFalse(verify.contains("8081/health/readiness"), verify);
    }

    @Test
    void the_heap_is_set_once_as_xmx_in_java_opts() {
        ComposeProject compose = compose(StackBundle.of(Examples.minimal()
                .kestra(k -> k.heap("3g").jvmOptions("-XX:+ExitOnOutOfMemoryError")).build()));
        assertEquals("-Xmx3g -XX:+ExitOnOutOfMemoryError", compose.environment("kestra").get("JAVA_OPTS"));
        io.kestrastack.testing.Violations.assertViolation(() -> Examples.minimal().kestra(k -> k.heap("3 GB")).build(),
                "kestra.heap", "invalid-heap");
        io.kestrastack.testing.Violations.assertViolation(() -> Examples.minimal()
                .kestra(k -> k.heap("3g").jvmOptions("-Xmx2g")).build(), "kestra.jvmOptions", "heap-set-twice");
    }

    @Test
    void an_image_without_plugins_cannot_use_object_storage() {
        InternalStorage s3 = new InternalStorage.S3("flows-bucket", "eu-west-1", null, null, null, false);
        io.kestrastack.testing.Violations.assertViolation(() -> Examples.minimal()
                .kestra(k -> k.image("kestra/kestra:v2.0.5-no-plugins").storage(s3)).build(),
                "kestra.image", "storage-plugin-missing");
        Examples.minimal().kestra(k -> k.image("kestra/kestra:v2.0.5-no-plugins")).build();
        Examples.minimal().kestra(k -> k.image("kestra/kestra:v2.0.5").storage(s3)).build();
    }

    @Test
    void postgres_gets_time_to_finish_its_shutdown_checkpoint() {
        assertEquals("2m", compose(StackBundle.of(Examples.minimal().build())).service("postgres").get("stop_grace_period"));
    }

    @Test
    void by_default_script_tasks_use_the_process_runner_and_tasks_md_shows_how() {
        StackBundle bundle = StackBundle.of(Examples.minimal().build());
        ComposeProject compose = compose(bundle);
        assertFalse(compose.serviceNames().contains("kestra-dind"));
        assertFalse(compose.environment("kestra").containsKey("DOCKER_HOST"));
        String tasks = bundle.content("TASKS.md");
        assertTrue(tasks.contains("type: io.kestra.plugin.core.runner.Process"), tasks);
    }

    @Test
    void docker_in_docker_is_a_rootless_privileged_sidecar_sharing_the_socket_and_task_directory() {
        StackBundle bundle = StackBundle.of(Examples.minimal().kestra(k -> k.scriptTasks(io.kestrastack.ScriptTasks.DOCKER_IN_DOCKER)).build());
        ComposeProject compose = compose(bundle);
        Map<String, Object> dind = compose.service("kestra-dind");
        assertEquals("docker:28.0.0-dind-rootless", dind.get("image"));
        assertEquals(Boolean.TRUE, dind.get("privileged"));
        assertEquals("unix:///dind/docker.sock", compose.environment("kestra-dind").get("DOCKER_HOST"));
        assertEquals("unix:///dind/docker.sock", compose.environment("kestra").get("DOCKER_HOST"));
        assertEquals("service_healthy", compose.dependsOn("kestra").get("kestra-dind"));
        List<?> kestraVolumes = (List<?>) compose.service("kestra").get("volumes");
        assertTrue(kestraVolumes.contains("kestra-dind-socket:/dind"), kestraVolumes.toString());
        assertTrue(kestraVolumes.contains("kestra-task-tmp:/tmp/kestra-wd"), "the task directory at the same path");
        assertTrue(((List<?>) dind.get("volumes")).contains("kestra-task-tmp:/tmp/kestra-wd"));
        assertNull(compose.service("kestra").get("user"), "Kestra keeps its non-root user");
        assertEquals(List.of("chown", "-R", "kestra:kestra", "/app/storage", "/dind", "/tmp/kestra-wd"),
                compose.service("kestra-storage-init").get("entrypoint"));
        assertTrue(bundle.content("TASKS.md").contains("privileged: true"));
    }

    @Test
    void the_host_socket_mode_writes_its_trade_off_into_the_bundle() {
        StackBundle bundle = StackBundle.of(Examples.minimal().kestra(k -> k.scriptTasks(io.kestrastack.ScriptTasks.HOST_DOCKER_SOCKET)).build());
        assertTrue(bundle.content("TASKS.md").contains("root on this host"), bundle.content("TASKS.md"));
        assertTrue(((List<?>) compose(bundle).service("kestra").get("volumes")).contains("/var/run/docker.sock:/var/run/docker.sock"));
    }

    @Test
    void secrets_stay_out_of_the_new_parts() {
        Stack stack = Examples.minimal().postgres(p -> p.password(Secret.of("POSTGRES_PASSWORD", "Marker-secret-9"))).build();
        StackBundle bundle = StackBundle.of(stack);
        assertFalse(bundle.content("docker-compose.yml").contains("Marker-secret-9"));
        assertFalse(bundle.content(DayTwo.SMOKE_TEST_PATH).contains("Marker-secret-9"));
    }
}
