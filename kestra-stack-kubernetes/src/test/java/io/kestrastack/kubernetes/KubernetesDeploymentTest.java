package io.kestrastack.kubernetes;

import static io.kestrastack.testing.Violations.assertExactly;
import static io.kestrastack.testing.Violations.assertViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.InternalStorage;
import io.kestrastack.KestraLine;
import io.kestrastack.Secret;
import io.kestrastack.StackConfigException;
import io.kestrastack.kubernetes.testing.K8sExamples;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubernetesDeploymentTest {

    private static final InternalStorage S3 = new InternalStorage.S3("kestra-data", "eu-west-1", null, null, null, false);

    @Test
    void local_storage_with_a_split_topology_is_a_violation() {
        assertExactly(() -> K8sExamples.minimal().stack(s -> s.kestra(k -> k.storage(InternalStorage.local())))
                .topology(Topology.SPLIT).build(), "stack.kestra.storage local-storage-not-shared");
    }

    @Test
    void local_storage_with_several_standalone_replicas_is_a_violation() {
        assertExactly(() -> K8sExamples.minimal().stack(s -> s.kestra(k -> k.storage(InternalStorage.local())))
                .replicas(2).build(), "stack.kestra.storage local-storage-not-shared");
    }

    @Test
    void local_storage_with_one_standalone_pod_is_allowed_on_a_volume_claim() {
        KubernetesDeployment d = K8sExamples.minimal().stack(s -> s.kestra(k -> k.storage(InternalStorage.local()))).build();
        assertTrue(d.usesLocalVolume());
    }

    @Test
    void s3_without_keys_is_allowed_for_workload_identity() {
        KubernetesDeployment d = K8sExamples.minimal().topology(Topology.SPLIT).workers(3)
                .putServiceAccountAnnotation("eks.amazonaws.com/role-arn", "arn:aws:iam::1:role/kestra").build();
        assertEquals(List.of("POSTGRES_PASSWORD", "BASIC_AUTH_PASSWORD", "ENCRYPTION_SECRET_KEY"),
                d.secrets().stream().map(Secret::variable).toList());
    }

    @Test
    void a_gcs_key_file_on_the_docker_host_is_refused_in_favour_of_workload_identity() {
        assertExactly(() -> K8sExamples.minimal()
                        .stack(s -> s.kestra(k -> k.storage(new InternalStorage.Gcs("kestra-data", "my-project-1", "/etc/key.json"))))
                        .build(),
                "stack.kestra.storage.serviceAccountFile key-file");
    }

    @Test
    void a_split_2x_deployment_runs_a_controller_and_a_1x_one_does_not() {
        KubernetesDeployment v2 = K8sExamples.minimal().topology(Topology.SPLIT).build();
        assertEquals(KestraLine.V2, v2.line());
        assertEquals(List.of(Component.WEBSERVER, Component.EXECUTOR, Component.SCHEDULER, Component.WORKER, Component.CONTROLLER),
                List.copyOf(v2.components().keySet()));
        KubernetesDeployment v1 = K8sExamples.minimal().stack(s -> s.kestra(k -> k.image("kestra/kestra:v1.3.15")))
                .topology(Topology.SPLIT).build();
        assertFalse(v1.components().containsKey(Component.CONTROLLER));
    }

    @Test
    void the_connection_budget_counts_each_database_pod_and_one_surge_pod_per_deployment() {
        // 2.x split: webserver 2 (+1), executor 1 (+1), scheduler 1 (+1), controller 1 (+1); workers use no pool.
        KubernetesDeployment d = K8sExamples.minimal().topology(Topology.SPLIT).replicas(2).workers(5).build();
        assertEquals((3 + 2 + 2 + 2) * 10, d.connectionBudget());
        StackConfigException e = assertViolation(() -> d.toBuilder().postgres(p -> p.maxConnections(90)).build(),
                "postgres.maxConnections", "too-few-connections");
        assertTrue(e.getMessage().contains("95"), e.getMessage());
        d.toBuilder().postgres(p -> p.maxConnections(95)).build();
    }

    @Test
    void a_1x_worker_counts_in_the_connection_budget() {
        KubernetesDeployment d = K8sExamples.minimal().stack(s -> s.kestra(k -> k.image("kestra/kestra:v1.3.15")))
                .topology(Topology.SPLIT).workers(3).build();
        assertEquals((2 + 2 + 2 + 4) * 10, d.connectionBudget());
    }

    @Test
    void an_external_database_needs_a_host() {
        assertExactly(() -> KubernetesDeployment.builder().stack(K8sExamples.fixedSecrets())
                .stack(s -> s.kestra(k -> k.storage(S3))).build(), "postgres.host required");
    }

    @Test
    void every_problem_is_reported_at_once_with_field_paths() {
        assertExactly(() -> K8sExamples.minimal()
                        .namespace("Kestra_NS")
                        .workers(0)
                        .workerThreads(0)
                        .terminationGraceSeconds(5)
                        .postgres(p -> p.port(70000).database("Kestra-DB").passwordFromSecret("Bad_Name", "pass word")
                                .sslMode("sometimes"))
                        .edge(KubernetesEdge.httpRoute("public", "Gateway_NS"))
                        .resources(Component.WORKER, new PodResources("lots", "2GB", null, 99))
                        .addWorkerEgressCidr("everywhere")
                        .build(),
                "namespace invalid-name",
                "workers out-of-range",
                "workers standalone-workers",
                "workerThreads out-of-range",
                "terminationGraceSeconds out-of-range",
                "postgres.port invalid-port",
                "postgres.database invalid-identifier",
                "postgres.existingPassword.name invalid-name",
                "postgres.existingPassword.key invalid-key",
                "postgres.sslMode invalid-ssl-mode",
                "edge.gatewayNamespace invalid-name",
                "resources.worker.cpuRequest invalid-quantity",
                "resources.worker.memory invalid-quantity",
                "resources.worker.heapPercent out-of-range",
                "workerEgressCidrs[0] invalid-cidr");
    }

    @Test
    void the_stacks_own_problems_appear_under_stack() {
        assertViolation(() -> K8sExamples.minimal().stack(s -> s.contextPath("/a b")).build(),
                "stack.contextPath", "invalid-context-path");
    }

    @Test
    void a_compose_edge_docker_tasks_and_an_ip_address_are_refused() {
        StackConfigException e = assertViolation(() -> K8sExamples.minimal()
                .stack(s -> s.publicAddress("https://10.0.0.1").kestra(k -> k.dockerTasks(true))).build(),
                "stack.publicAddress", "ip-host");
        io.kestrastack.testing.Violations.assertHas(e, "stack.kestra.dockerTasks", "docker-socket");
    }

    @Test
    void a_docker_in_docker_sidecar_is_not_rendered_here_so_it_is_refused() {
        assertViolation(() -> K8sExamples.minimal()
                .stack(s -> s.kestra(k -> k.scriptTasks(io.kestrastack.ScriptTasks.DOCKER_IN_DOCKER))).build(),
                "stack.kestra.scriptTasks", "dind-not-rendered");
    }

    @Test
    void violations_never_contain_secret_values() {
        StackConfigException e = assertViolation(() -> K8sExamples.minimal()
                .postgres(p -> p.password(Secret.of("POSTGRES_PASSWORD", "has'quote-Secret-9"))).build(),
                "postgres.password", "secret-unsafe-quote");
        assertFalse(e.getMessage().contains("has'quote-Secret-9"));
        assertFalse(K8sExamples.standaloneS3Nginx().toString().contains("Db-Password-1"));
    }

    @Test
    void to_builder_round_trips() {
        KubernetesDeployment d = K8sExamples.splitV2GcsHttpRoute();
        KubernetesDeployment again = d.toBuilder().build();
        assertEquals(d.components(), again.components());
        assertEquals(d.postgres().jdbcUrl(), again.postgres().jdbcUrl());
        assertEquals(d.stack().kestraUrl(), again.stack().kestraUrl());
    }
}
