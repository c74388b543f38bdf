package io.kestrastack.kubernetes;

import java.util.Objects;

/** Where an Ingress gets its certificate. */
public sealed interface IngressTls permits IngressTls.None, IngressTls.FromSecret, IngressTls.CertManager {

    /** No TLS on the Ingress (TLS ends in front of the cluster, or plain HTTP on a private network). */
    static None none() {
        return new None();
    }

    /** A {@code kubernetes.io/tls} Secret that exists in the namespace. */
    static FromSecret fromSecret(String secretName) {
        return new FromSecret(secretName);
    }

    /**
     * cert-manager issues the certificate into {@code secretName}: the Ingress carries
     * {@code cert-manager.io/cluster-issuer} (or {@code cert-manager.io/issuer}).
     */
    static CertManager certManager(String issuer, boolean clusterIssuer, String secretName) {
        return new CertManager(issuer, clusterIssuer, secretName);
    }

    /** No TLS. */
    record None() implements IngressTls {}

    /**
     * An existing TLS Secret.
     *
     * @param secretName its name
     */
    record FromSecret(String secretName) implements IngressTls {
        public FromSecret {
            Objects.requireNonNull(secretName, "secretName");
        }
    }

    /**
     * A certificate from cert-manager.
     *
     * @param issuer the (Cluster)Issuer's name
     * @param clusterIssuer whether it is a ClusterIssuer
     * @param secretName the Secret cert-manager writes the certificate to
     */
    record CertManager(String issuer, boolean clusterIssuer, String secretName) implements IngressTls {
        public CertManager {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(secretName, "secretName");
        }

        /** The annotation cert-manager's ingress-shim reads. */
        public String annotation() {
            return clusterIssuer ? "cert-manager.io/cluster-issuer" : "cert-manager.io/issuer";
        }
    }
}
