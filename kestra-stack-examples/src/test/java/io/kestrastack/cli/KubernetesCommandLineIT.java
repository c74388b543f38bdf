package io.kestrastack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --target kubernetes}, run as a process against the packaged jar. */
class KubernetesCommandLineIT {

    @TempDir
    Path work;

    @Test
    void generate_target_kubernetes_writes_the_manifests_into_k8s() throws Exception {
        Cli.Run run = Cli.run(work, "generate", "--target", "kubernetes", "--host", "kestra.example.com",
                "--topology", "split", "--workers", "3", "--storage", "s3", "--s3-bucket", "kestra-data",
                "--s3-region", "eu-west-1", "--db-host", "db.example.com", "--cert-manager-issuer", "letsencrypt");
        assertEquals(0, run.exitCode(), run.toString());
        Path k8s = work.resolve("k8s");
        for (String file : new String[] {"kustomization.yaml", "deployment-webserver.yaml", "deployment-worker.yaml",
                "deployment-controller.yaml", "service-controller.yaml", "ingress.yaml", "secret.yaml"}) {
            assertTrue(Files.isRegularFile(k8s.resolve(file)), file + "\n" + run);
        }
        assertTrue(Files.readString(k8s.resolve("deployment-worker.yaml"), StandardCharsets.UTF_8).contains("replicas: 3"));
        assertTrue(run.out().contains("kubectl apply -k"), run.toString());
    }

    @Test
    void split_with_local_storage_exits_1_with_the_violation_and_writes_nothing() throws Exception {
        Cli.Run run = Cli.run(work, "generate", "--target=kubernetes", "--topology", "split", "--storage", "local",
                "--db-host", "db.example.com", "--out", "manifests");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().contains("stack.kestra.storage [local-storage-not-shared]"), run.toString());
        assertFalse(Files.exists(work.resolve("manifests")), "nothing may be written");
    }

    @Test
    void generating_again_keeps_the_secret_values() throws Exception {
        String[] args = {"generate", "--target", "kubernetes", "--db-host", "db.example.com"};
        assertEquals(0, Cli.run(work, args).exitCode());
        String first = Files.readString(work.resolve("k8s/secret.yaml"), StandardCharsets.UTF_8);
        Cli.Run again = Cli.run(work, args);
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(first, Files.readString(work.resolve("k8s/secret.yaml"), StandardCharsets.UTF_8));
    }

    @Test
    void a_gateway_and_an_ingress_class_together_are_a_usage_error() throws Exception {
        Cli.Run run = Cli.run(work, "generate", "--target", "kubernetes", "--db-host", "db.example.com",
                "--gateway", "public", "--ingress-class", "nginx");
        assertEquals(2, run.exitCode(), run.toString());
        assertFalse(Files.exists(work.resolve("k8s")));
    }

    @Test
    void an_unknown_target_is_a_usage_error() throws Exception {
        Cli.Run run = Cli.run(work, "generate", "--target", "nomad");
        assertEquals(2, run.exitCode(), run.toString());
    }
}
