/**
 * kestra-stack check: verifies a running Kestra deployment from the outside, as a client on the Internet sees it
 * ({@link io.kestrastack.check.DeploymentCheck}).
 */
module io.kestrastack.check {
    requires io.kestrastack.core;
    requires io.kestrastack.lint;
    requires java.net.http;
    requires static transitive org.jspecify;

    exports io.kestrastack.check;
}
