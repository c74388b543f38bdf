/** kestra-stack edges: Caddy and nginx in front of Kestra. */
module io.kestrastack.proxy {
    requires transitive io.kestrastack.core;
    requires static transitive org.jspecify;
}
