package io.kestrastack.examples;

import io.kestrastack.InternalStorage;
import io.kestrastack.kubernetes.IngressTls;
import io.kestrastack.kubernetes.KubernetesDeployment;
import io.kestrastack.kubernetes.KubernetesEdge;
import io.kestrastack.kubernetes.Topology;
import io.kestrastack.kubernetes.render.KubernetesBundle;
import java.nio.file.Path;

/**
 * Example (d): beyond one host. Kestra 2.x split into webserver (two replicas), executor, scheduler,
 * controller and four workers on Kubernetes, with a managed PostgreSQL whose password is an existing
 * Secret, S3 reached through IRSA (no keys), and ingress-nginx with a cert-manager certificate.
 */
public final class KubernetesSplit {

    private KubernetesSplit() {}

    /** The deployment. */
    public static KubernetesDeployment deployment() {
        return KubernetesDeployment.builder()
                .stack(s -> s.publicAddress("https://kestra.example.com")
                        .kestra(k -> k.username("admin@example.com")
                                .storage(new InternalStorage.S3("acme-kestra", "eu-west-1", null, null, null, false))))
                .namespace("kestra")
                .topology(Topology.SPLIT).replicas(2).workers(4).workerThreads(16)
                .putServiceAccountAnnotation("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/kestra")
                .postgres(p -> p.host("kestra.cluster-abc.eu-west-1.rds.amazonaws.com").sslMode("require")
                        .passwordFromSecret("kestra-db", "password").maxConnections(200))
                .edge(KubernetesEdge.ingressNginx().withTls(IngressTls.certManager("letsencrypt", true, "kestra-tls")))
                .build();
    }

    /** Writes the manifests to the directory given as the first argument, or {@code ./k8s}. */
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "k8s");
        System.out.print(KubernetesBundle.of(deployment()).writeTo(dir, false).summary());
    }
}
