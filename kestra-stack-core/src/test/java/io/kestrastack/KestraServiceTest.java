package io.kestrastack;

import static io.kestrastack.testing.Violations.assertExactly;
import static io.kestrastack.testing.Violations.assertViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KestraServiceTest {

    private static KestraService.Builder kestra() {
        return KestraService.builder().username("admin@example.com");
    }

    @Test
    void defaults_are_a_pinned_2x_image_local_storage_inline_config_and_generated_secrets() {
        KestraService k = kestra().build();
        assertEquals("kestra", k.serviceName());
        assertEquals("kestra/kestra:v2.0.5", k.image().reference());
        assertEquals(Optional.of(KestraLine.V2), k.line());
        assertEquals(InternalStorage.local(), k.storage());
        assertEquals("/tmp/kestra-wd/tmp", k.tmpDir());
        assertEquals("/tmp/kestra-wd", k.tmpDirMount());
        assertEquals(ConfigDelivery.INLINE, k.configDelivery());
        assertEquals(10, k.poolSize());
        assertEquals(1, k.jvmCount());
        assertTrue(k.anonymousUsageReport());
        assertFalse(k.dockerTasks());
        assertEquals(OptionalInt.empty(), k.publishedPort());
        assertEquals(OptionalInt.empty(), k.workerThreads());
        assertEquals("BASIC_AUTH_PASSWORD", k.basicAuth().password().variable());
        assertTrue(k.basicAuth().password().generated());
        assertEquals("ENCRYPTION_SECRET_KEY", k.encryptionKey().orElseThrow().variable());
        assertEquals(Optional.empty(), k.forwardProxy());
        assertEquals(Optional.empty(), kestra().noEncryptionKey().build().encryptionKey());
    }

    @ParameterizedTest
    @CsvSource({"kestra/kestra:v1.3.4, V1", "kestra/kestra:v2.0.5-no-plugins, V2", "kestra/kestra:2.1, V2",
        "registry.example.com:5000/kestra/kestra:v1.3, V1"})
    void the_release_line_is_read_from_the_tag(String image, KestraLine line) {
        assertEquals(Optional.of(line), kestra().image(image).build().line());
    }

    @ParameterizedTest
    @ValueSource(strings = {"kestra/kestra:latest", "kestra/kestra:latest-lts", "kestra/kestra:develop",
        "kestra/kestra:latest-no-plugins", "kestra/kestra"})
    void floating_or_missing_tags_are_refused(String image) {
        assertExactly(() -> kestra().image(image).build(), "image unpinned-image");
    }

    @Test
    void a_floating_tag_is_accepted_only_when_explicitly_allowed_and_then_tells_no_line() {
        KestraService k = kestra().image("kestra/kestra:develop").allowFloatingTag(true).build();
        assertTrue(k.allowFloatingTag());
        assertEquals(Optional.empty(), k.line());
    }

    @ParameterizedTest
    @ValueSource(strings = {"kestra/kestra:v3.0.0", "kestra/kestra:0.24.1", "kestra/kestra:v10"})
    void release_lines_this_library_does_not_know_are_refused(String image) {
        assertExactly(() -> kestra().image(image).build(), "image unsupported-kestra-version");
    }

    @Test
    void an_invalid_image_reference_is_refused() {
        assertExactly(() -> kestra().image("Kestra/Kestra:v2").build(), "image invalid-image");
    }

    @Test
    void names_ports_threads_paths_and_pool_sizes_are_checked() {
        assertExactly(() -> kestra().serviceName("Kestra!").publishedPort(70000).workerThreads(-1).tmpDir("/tmp")
                        .poolSize(0).build(),
                "serviceName invalid-service-name", "publishedPort invalid-port", "workerThreads invalid-worker-threads",
                "tmpDir invalid-path", "poolSize invalid-pool-size");
        assertExactly(() -> kestra().workerThreads(1025).tmpDir("/tmp/with space").poolSize(1001).build(),
                "workerThreads invalid-worker-threads", "tmpDir invalid-path", "poolSize invalid-pool-size");
        KestraService k = kestra().workerThreads(0).tmpDir("/var/kestra/wd").poolSize(1000).publishedPort(1).build();
        assertEquals("/var/kestra", k.tmpDirMount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tmp/../x", "/../tmp", "/tmp/./x", "/tmp/..", "tmp/x", "/tmp"})
    void the_task_directory_has_two_or_more_plain_segments_because_its_parent_is_bind_mounted(String tmpDir) {
        assertExactly(() -> kestra().tmpDir(tmpDir).build(), "tmpDir invalid-path");
    }

    @Test
    void the_encryption_key_follows_the_rules_of_every_infrastructure_secret() {
        assertExactly(() -> kestra().encryptionKey(Secret.of("ENCRYPTION_SECRET_KEY", "")).build(),
                "encryptionKey empty-secret");
        assertExactly(() -> kestra().encryptionKey(Secret.of("KESTRA_ENCRYPTION", "k")).build(),
                "encryptionKey reserved-variable");
    }

    @Test
    void flow_secrets_are_named_secret_underscore_upper_case_added_once_and_not_empty() {
        KestraService k = kestra().addFlowSecret(Secret.of("SECRET_API_TOKEN", "any 'value' \\ with\nlines")).build();
        assertEquals(List.of("SECRET_API_TOKEN"), k.flowSecrets().stream().map(Secret::variable).toList());
        assertExactly(() -> kestra().addFlowSecret(Secret.of("SECRET_A", "1")).addFlowSecret(Secret.of("SECRET_A", "2"))
                .build(), "flowSecrets.SECRET_A duplicate");
        assertExactly(() -> kestra().addFlowSecret(Secret.of("API_KEY", "1")).build(),
                "flowSecrets.API_KEY invalid-flow-secret-name");
        assertExactly(() -> kestra().addFlowSecret(Secret.of("SECRET_lower", "1")).build(),
                "flowSecrets.SECRET_lower invalid-flow-secret-name");
        assertExactly(() -> kestra().addFlowSecret(Secret.of("SECRET_", "1")).build(),
                "flowSecrets.SECRET_ invalid-flow-secret-name");
        assertExactly(() -> kestra().addFlowSecret(Secret.of("SECRET_EMPTY", "")).build(),
                "flowSecrets.SECRET_EMPTY empty-secret");
    }

    @Test
    void flow_variables_have_upper_case_names_and_single_line_values() {
        KestraService k = kestra().putFlowEnvironment("GREETING", "tab\tand $dollar 'quote'").build();
        assertEquals(Map.of("GREETING", "tab\tand $dollar 'quote'"), k.flowEnvironment());
        assertExactly(() -> kestra().putFlowEnvironment("lower", "x").build(),
                "flowEnvironment.lower invalid-variable-name");
        assertExactly(() -> kestra().putFlowEnvironment("A-B", "x").build(), "flowEnvironment.A-B invalid-variable-name");
        assertExactly(() -> kestra().putFlowEnvironment("X", "a\nb").build(), "flowEnvironment.X control-character");
    }

    @Test
    void jvm_options_are_one_line() {
        assertEquals(Optional.of("-Xmx2g -Da=$b"), kestra().jvmOptions("-Xmx2g -Da=$b").build().jvmOptions());
        assertExactly(() -> kestra().jvmOptions("-Xmx2g\n-Xms1g").build(), "jvmOptions control-character");
        assertExactly(() -> kestra().jvmOptions("-Xmx2g\t-Xms1g").build(), "jvmOptions control-character");
    }

    @Test
    void forward_proxy_problems_are_reported_under_forward_proxy() {
        assertExactly(() -> kestra().forwardProxy(f -> f.port(0)).build(), "forwardProxy.host required",
                "forwardProxy.port invalid-port");
    }

    @Test
    void the_services_secrets_are_listed_in_a_stable_order() {
        Secret proxy = Secret.of("PROXY_PASSWORD", "proxy-pass");
        KestraService k = kestra().storage(new InternalStorage.Minio("minio", 9000, false, "kestra",
                        Secret.of("MINIO_ACCESS_KEY", "a-key"), Secret.of("MINIO_SECRET_KEY", "s-key")))
                .forwardProxy(f -> f.host("proxy").credentials("u", proxy))
                .addFlowSecret(Secret.of("SECRET_B", "b")).addFlowSecret(Secret.of("SECRET_A", "a"))
                .build();
        assertEquals(List.of("BASIC_AUTH_PASSWORD", "ENCRYPTION_SECRET_KEY", "MINIO_ACCESS_KEY", "MINIO_SECRET_KEY",
                "PROXY_PASSWORD", "SECRET_B", "SECRET_A"), k.secrets().stream().map(Secret::variable).toList());
    }

    @Test
    void every_problem_is_reported_at_once() {
        assertExactly(() -> KestraService.builder().image("kestra/kestra:latest").putFlowEnvironment("x", "y")
                        .jvmOptions("\n").build(),
                "image unpinned-image", "basicAuth.username required", "flowEnvironment.x invalid-variable-name",
                "jvmOptions control-character");
    }

    @Test
    void to_builder_keeps_every_setting() {
        KestraService k = kestra().serviceName("flows").image("kestra/kestra:v1.3.4").publishedPort(9000).workerThreads(4)
                .storage(new InternalStorage.Gcs("bucket-a", "project-a1", null)).tmpDir("/srv/kestra/tmp")
                .dockerTasks(true).addFlowSecret(Secret.of("SECRET_X", "x")).putFlowEnvironment("A", "b")
                .anonymousUsageReport(false).jvmOptions("-Xmx1g").configDelivery(ConfigDelivery.FILE).poolSize(5)
                .forwardProxy(f -> f.host("proxy")).build();
        KestraService copy = k.toBuilder().build();
        assertEquals(k.toString(), copy.toString());
        assertEquals(k.secrets(), copy.secrets());
        assertEquals(k.flowEnvironment(), copy.flowEnvironment());
        assertEquals(k.publishedPort(), copy.publishedPort());
        assertEquals(k.workerThreads(), copy.workerThreads());
        assertEquals(k.jvmOptions(), copy.jvmOptions());
        assertEquals(k.configDelivery(), copy.configDelivery());
        assertEquals(k.poolSize(), copy.poolSize());
        assertEquals(k.tmpDir(), copy.tmpDir());
        assertEquals(k.anonymousUsageReport(), copy.anonymousUsageReport());
        assertEquals(k.forwardProxy().map(ForwardProxy::toString), copy.forwardProxy().map(ForwardProxy::toString));
    }

    @Test
    void the_placeholder_rule_also_guards_the_username() {
        assertViolation(() -> KestraService.builder().username("${X}@example.com").build(), "basicAuth.username",
                "micronaut-placeholder");
    }
}
