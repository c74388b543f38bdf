/**
 * kestra-stack lint: checks hand-written stacks (Compose, .env, Kestra configuration, Caddyfile, nginx)
 * against the rules the renderers guarantee.
 */
module io.kestrastack.lint {
    requires io.kestrastack.core;
    requires org.snakeyaml.engine;
    requires static transitive org.jspecify;

    exports io.kestrastack.lint;
}
