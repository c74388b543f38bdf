/** Examples and the kestra-stack command line. */
module io.kestrastack.examples {
    requires io.kestrastack.core;
    requires io.kestrastack.proxy;
    requires static org.jspecify;
}
