package io.kestrastack.kubernetes.testing;

import io.kestrastack.InternalStorage;
import io.kestrastack.Secret;
import io.kestrastack.Stack;
import io.kestrastack.kubernetes.IngressTls;
import io.kestrastack.kubernetes.KubernetesDeployment;
import io.kestrastack.kubernetes.KubernetesEdge;
import io.kestrastack.kubernetes.Topology;
import java.util.function.Consumer;

/** Deployments the tests share; fixed secret values so that output is comparable with goldens. */
public final class K8sExamples {

    private K8sExamples() {}

    /** Fixed secrets for the stack's Kestra part. */
    public static Consumer<Stack.Builder> fixedSecrets() {
        return s -> s.kestra(k -> k.basicAuth("admin@example.com", Secret.of("BASIC_AUTH_PASSWORD", "Golden-Password-1"))
                .encryptionKey(Secret.of("ENCRYPTION_SECRET_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")));
    }

    /** A minimal valid builder: standalone, S3 through IRSA, ingress-nginx, generated-free secrets. */
    public static KubernetesDeployment.Builder minimal() {
        return KubernetesDeployment.builder()
                .stack(fixedSecrets())
                .stack(s -> s.publicAddress("https://kestra.example.com")
                        .kestra(k -> k.storage(new InternalStorage.S3("kestra-data", "eu-west-1", null, null, null, false))))
                .postgres(p -> p.host("kestra-db.example.internal").password(Secret.of("POSTGRES_PASSWORD", "Db-Password-1")));
    }

    /** Golden 1: standalone, S3 (IRSA, no keys), ingress-nginx with cert-manager. */
    public static KubernetesDeployment standaloneS3Nginx() {
        return minimal()
                .putServiceAccountAnnotation("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/kestra")
                .edge(KubernetesEdge.ingressNginx().withTls(IngressTls.certManager("letsencrypt", true, "kestra-tls")))
                .postgres(p -> p.maxConnections(100))
                .build();
    }

    /** Deployments covering the other branches: local storage, 1.x split, TLS secret, options. */
    public static java.util.List<KubernetesDeployment> variants() {
        return java.util.List.of(
                standaloneS3Nginx(),
                splitV2GcsHttpRoute(),
                // standalone with local storage on a volume claim, 1.x image, another Ingress class
                KubernetesDeployment.builder().stack(fixedSecrets())
                        .stack(s -> s.publicAddress("http://kestra.internal.example").kestra(k -> k.image("kestra/kestra:v1.3.15")))
                        .createNamespace(false).storageClass("fast-ssd").storageSize("50Gi").workerThreads(4)
                        .postgres(p -> p.host("db.internal.example").password(Secret.of("POSTGRES_PASSWORD", "Db-Password-1")))
                        .edge(KubernetesEdge.ingress("traefik", "traefik").withTls(IngressTls.fromSecret("kestra-cert")))
                        .build(),
                // split on 1.x (no controller), S3-compatible endpoint with keys, read-only root, task egress
                KubernetesDeployment.builder().stack(fixedSecrets())
                        .stack(s -> s.publicAddress("https://kestra.example.com").contextPath("/kestra")
                                .kestra(k -> k.image("kestra/kestra:v1.3.15")
                                        .storage(new InternalStorage.S3("kestra-data", "us-east-1", "https://s3.example.com:9000",
                                                Secret.of("S3_ACCESS_KEY", "AKIAEXAMPLE"), Secret.of("S3_SECRET_KEY", "Secret-Key-1"), true))
                                        .addFlowSecret(Secret.of("SECRET_API_TOKEN", "token with spaces & symbols"))
                                        .putFlowEnvironment("REGION", "eu"))
                                .monitoring(m -> m.alertWebhook("https://hooks.example.com/kestra")))
                        .topology(Topology.SPLIT).workers(2).readOnlyRootFilesystem(true).addWorkerEgressCidr("0.0.0.0/0")
                        .resources(io.kestrastack.kubernetes.Component.WORKER, new io.kestrastack.kubernetes.PodResources("2", "4Gi", "4", 70))
                        .postgres(p -> p.host("db.example.com").password(Secret.of("POSTGRES_PASSWORD", "Db-Password-1")))
                        .edge(KubernetesEdge.ingressNginx())
                        .build(),
                // Azure storage, HTTPRoute at the root
                KubernetesDeployment.builder().stack(fixedSecrets())
                        .stack(s -> s.publicAddress("https://kestra.example.com")
                                .kestra(k -> k.storage(new InternalStorage.Azure("https://acct.blob.core.windows.net", "kestra",
                                        Secret.of("AZURE_CONNECTION_STRING", "DefaultEndpointsProtocol=https;AccountName=acct")))))
                        .topology(Topology.SPLIT).replicas(3)
                        .postgres(p -> p.host("db.example.com").password(Secret.of("POSTGRES_PASSWORD", "Db-Password-1")))
                        .edge(KubernetesEdge.httpRoute("public", "gateway-system"))
                        .build());
    }

    /** Golden 2: split on 2.x with three workers, GCS through workload identity, HTTPRoute under /kestra. */
    public static KubernetesDeployment splitV2GcsHttpRoute() {
        return KubernetesDeployment.builder()
                .stack(fixedSecrets())
                .stack(s -> s.publicAddress("https://flows.example.com").contextPath("/kestra")
                        .kestra(k -> k.image("kestra/kestra:v2.0.5")
                                .storage(new InternalStorage.Gcs("kestra-data", "my-project-123", null))))
                .namespace("orchestration")
                .topology(Topology.SPLIT).replicas(2).workers(3).workerThreads(8)
                .putServiceAccountAnnotation("iam.gke.io/gcp-service-account", "kestra@my-project-123.iam.gserviceaccount.com")
                .postgres(p -> p.host("10-0-0-5.db.internal").database("kestra").user("kestra")
                        .passwordFromSecret("kestra-db", "password").maxConnections(200).sslMode("require"))
                .edge(KubernetesEdge.httpRoute("public", "gateway-system").withSectionName("https"))
                .build();
    }
}
