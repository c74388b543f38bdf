package io.kestrastack.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.Secret;
import io.kestrastack.bundle.BundleConflictException;
import io.kestrastack.bundle.BundlePlan;
import io.kestrastack.kubernetes.render.KubernetesBundle;
import io.kestrastack.kubernetes.testing.K8sExamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesBundleWriteTest {

    @TempDir
    Path dir;

    private static KubernetesDeployment generated() {
        // Generated secrets: every build draws new values.
        return KubernetesDeployment.builder()
                .stack(s -> s.publicAddress("https://kestra.example.com").kestra(k -> k.username("admin@example.com")
                        .storage(new io.kestrastack.InternalStorage.S3("kestra-data", "eu-west-1", null, null, null, false))))
                .postgres(p -> p.host("db.example.com"))
                .build();
    }

    @Test
    void writing_again_keeps_every_secret_value_already_in_secret_yaml() throws IOException {
        KubernetesBundle.of(generated()).writeTo(dir, false);
        String first = Files.readString(dir.resolve("secret.yaml"), StandardCharsets.UTF_8);
        BundlePlan again = KubernetesBundle.of(generated()).writeTo(dir, false);
        assertEquals(first, Files.readString(dir.resolve("secret.yaml"), StandardCharsets.UTF_8));
        assertFalse(again.changesAnything(), again.summary());
    }

    @Test
    void secret_yaml_is_private_and_its_values_never_appear_in_a_diff() throws IOException {
        KubernetesDeployment d = K8sExamples.standaloneS3Nginx();
        BundlePlan plan = KubernetesBundle.of(d).plan(dir, false);
        assertFalse(plan.unifiedDiff().contains("Golden-Password-1"), plan.unifiedDiff());
        assertTrue(plan.unifiedDiff().contains("secret.yaml"));
        KubernetesBundle.of(d).writeTo(dir, false);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secret.yaml"))));
        KubernetesDeployment changed = d.toBuilder().postgres(p -> p.password(Secret.of("NEW_DB_PASSWORD", "Other-Password-2"))).build();
        String diff = KubernetesBundle.of(changed).plan(dir, false).unifiedDiff();
        assertFalse(diff.contains("Other-Password-2") || diff.contains("Db-Password-1"), diff);
    }

    @Test
    void an_unreadable_secret_yaml_stops_the_write_without_echoing_its_content() throws IOException {
        KubernetesBundle.of(K8sExamples.standaloneS3Nginx()).writeTo(dir, false);
        Files.writeString(dir.resolve("secret.yaml"), "stringData: [Keep-This-9\n  bad: {", StandardCharsets.UTF_8);
        io.kestrastack.StackConfigException e = assertThrows(io.kestrastack.StackConfigException.class,
                () -> KubernetesBundle.of(K8sExamples.standaloneS3Nginx()).writeTo(dir, false));
        assertEquals("unreadable-secret", e.violations().get(0).code());
        assertFalse(e.getMessage().contains("Keep-This-9"), e.getMessage());
        assertTrue(Files.readString(dir.resolve("secret.yaml"), StandardCharsets.UTF_8).contains("Keep-This-9"));
    }

    @Test
    void a_manifest_edited_by_hand_is_a_conflict_and_nothing_is_written() throws IOException {
        KubernetesBundle.of(K8sExamples.standaloneS3Nginx()).writeTo(dir, false);
        Files.writeString(dir.resolve("ingress.yaml"), "# mine\n", StandardCharsets.UTF_8);
        KubernetesDeployment other = K8sExamples.standaloneS3Nginx().toBuilder().namespace("other").build();
        assertThrows(BundleConflictException.class, () -> KubernetesBundle.of(other).writeTo(dir, false));
        assertTrue(Files.readString(dir.resolve("namespace.yaml"), StandardCharsets.UTF_8).contains("name: kestra"));
    }
}
