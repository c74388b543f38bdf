package io.kestrastack.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.kubernetes.Component;
import io.kestrastack.kubernetes.KubernetesDeployment;
import io.kestrastack.kubernetes.render.KubernetesBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesSplitTest {

    @Test
    void the_kubernetes_example_runs_every_2x_component_within_its_connection_budget(@TempDir Path dir) {
        KubernetesDeployment d = KubernetesSplit.deployment();
        assertEquals(4, d.components().get(Component.WORKER));
        assertTrue(d.components().containsKey(Component.CONTROLLER));
        // webserver 2+1, executor, scheduler, controller 1+1 each: 9 pools of 10, under max_connections 200
        assertEquals(90, d.connectionBudget());
        KubernetesBundle.of(d).writeTo(dir, false);
        assertTrue(Files.isRegularFile(dir.resolve("kustomization.yaml")));
    }
}
