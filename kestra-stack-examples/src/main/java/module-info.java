/** Examples and the kestra-stack command line. */
module io.kestrastack.examples {
    requires io.kestrastack.core;
    requires io.kestrastack.proxy;
    requires io.kestrastack.lint;
    requires io.kestrastack.kubernetes;
    requires io.kestrastack.check;
    requires static org.jspecify;
}
