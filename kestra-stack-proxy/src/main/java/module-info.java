/**
 * kestra-stack edges: {@link io.kestrastack.proxy.CaddyEdge} and {@link io.kestrastack.proxy.NginxEdge} in
 * front of Kestra, sharing one {@link io.kestrastack.proxy.ProxySettings}.
 */
module io.kestrastack.proxy {
    requires transitive io.kestrastack.core;
    requires org.apache.commons.text;
    requires static transitive org.jspecify;

    exports io.kestrastack.proxy;
}
