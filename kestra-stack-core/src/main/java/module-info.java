/**
 * kestra-stack core: the stack model ({@link io.kestrastack.Stack} and its parts), its validation,
 * and the renderers for {@code docker-compose.yml}, {@code .env} and the Kestra configuration.
 */
module io.kestrastack.core {
    requires static transitive org.jspecify;
    requires org.snakeyaml.engine;

    exports io.kestrastack;
    exports io.kestrastack.render;
    exports io.kestrastack.bundle;
    exports io.kestrastack.internal to io.kestrastack.proxy, io.kestrastack.lint, io.kestrastack.examples,
            io.kestrastack.kubernetes, io.kestrastack.check;
}
