package io.kestrastack.kubernetes;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How users reach the webserver: an Ingress or a Gateway API HTTPRoute. Either one routes the context
 * path as a prefix to the webserver Service without rewriting it (Kestra serves {@code <context-path>/ui/}
 * itself).
 */
public sealed interface KubernetesEdge permits KubernetesEdge.Ingress, KubernetesEdge.HttpRoute {

    /** Kestra's {@code micronaut.server.max-request-size} (cli {@code application.yml}: 10GB). */
    String DEFAULT_BODY_SIZE = "10g";

    /** The namespace the edge's proxy pods run in; the NetworkPolicy lets only them reach the webserver. */
    String proxyNamespace();

    /**
     * An Ingress for ingress-nginx (class {@code nginx}, controller in namespace {@code ingress-nginx})
     * with the annotations that keep server-sent events and uploads working.
     */
    static Ingress ingressNginx() {
        return new Ingress("nginx", true, IngressTls.none(), DEFAULT_BODY_SIZE, "ingress-nginx");
    }

    /**
     * An Ingress of another class; no controller-specific annotations. Check that your controller neither
     * buffers responses nor cuts idle streams after a minute.
     */
    static Ingress ingress(String className, String controllerNamespace) {
        return new Ingress(className, className.equals("nginx"), IngressTls.none(), DEFAULT_BODY_SIZE, controllerNamespace);
    }

    /** An HTTPRoute attached to the Gateway {@code gatewayNamespace/gateway}. */
    static HttpRoute httpRoute(String gateway, String gatewayNamespace) {
        return new HttpRoute(gateway, gatewayNamespace, null);
    }

    /**
     * An Ingress.
     *
     * @param className {@code spec.ingressClassName}
     * @param nginxAnnotations whether to add ingress-nginx's annotations: {@code proxy-buffering} and
     *     {@code proxy-request-buffering} off, read and send timeouts of 3600 s (ingress-nginx cuts idle
     *     streams after 60 s by default; Kestra's own idle timeout is 60m), {@code proxy-body-size}
     * @param tls where the certificate comes from
     * @param bodySize the largest upload, an nginx size such as {@code 10g}
     * @param controllerNamespace namespace of the ingress controller's pods
     */
    record Ingress(String className, boolean nginxAnnotations, IngressTls tls, String bodySize, String controllerNamespace)
            implements KubernetesEdge {
        public Ingress {
            Objects.requireNonNull(className, "className");
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(bodySize, "bodySize");
            Objects.requireNonNull(controllerNamespace, "controllerNamespace");
        }

        /** This Ingress with another certificate source. */
        public Ingress withTls(IngressTls newTls) {
            return new Ingress(className, nginxAnnotations, newTls, bodySize, controllerNamespace);
        }

        /** This Ingress with another upload limit. */
        public Ingress withBodySize(String size) {
            return new Ingress(className, nginxAnnotations, tls, size, controllerNamespace);
        }

        @Override
        public String proxyNamespace() {
            return controllerNamespace;
        }

    }

    /**
     * A Gateway API HTTPRoute with {@code timeouts.request: "0s"} (no request timeout: Envoy Gateway's
     * default of 15 s would cut server-sent events; gateway-api.sigs.k8s.io, guides/http-timeouts). TLS is
     * configured on the Gateway's listener, not here.
     *
     * @param gateway the Gateway's name
     * @param gatewayNamespace its namespace (where its proxy pods run)
     * @param sectionName the listener to attach to, or {@code null} for all
     */
    record HttpRoute(String gateway, String gatewayNamespace, @Nullable String sectionName) implements KubernetesEdge {
        public HttpRoute {
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(gatewayNamespace, "gatewayNamespace");
        }

        /** This route attached to one listener of the Gateway. */
        public HttpRoute withSectionName(String listener) {
            return new HttpRoute(gateway, gatewayNamespace, listener);
        }

        @Override
        public String proxyNamespace() {
            return gatewayNamespace;
        }

    }
}
