package io.kestrastack.kubernetes;

import io.kestrastack.internal.Problems;

/** The checks of a {@link KubernetesEdge}, run by {@link KubernetesDeployment.Builder#build()}. */
final class EdgeChecks {

    private EdgeChecks() {}

    static void check(KubernetesEdge edge, Problems p, String path) {
        if (edge instanceof KubernetesEdge.Ingress i) {
            Names.dnsSubdomain(p, path + ".className", i.className());
            Names.dnsLabel(p, path + ".controllerNamespace", i.controllerNamespace());
            if (!i.bodySize().matches("[0-9]{1,6}[kKmMgG]?")) {
                p.add(path + ".bodySize", "invalid-size", "'" + i.bodySize() + "' is not an nginx size",
                        "use a size such as 100m or 10g");
            }
            if (i.tls() instanceof IngressTls.FromSecret s) {
                Names.dnsSubdomain(p, path + ".tls.secretName", s.secretName());
            } else if (i.tls() instanceof IngressTls.CertManager c) {
                Names.dnsSubdomain(p, path + ".tls.issuer", c.issuer());
                Names.dnsSubdomain(p, path + ".tls.secretName", c.secretName());
            }
        } else if (edge instanceof KubernetesEdge.HttpRoute r) {
            Names.dnsSubdomain(p, path + ".gateway", r.gateway());
            Names.dnsLabel(p, path + ".gatewayNamespace", r.gatewayNamespace());
            if (r.sectionName() != null) {
                Names.dnsLabel(p, path + ".sectionName", r.sectionName());
            }
        }
    }
}
