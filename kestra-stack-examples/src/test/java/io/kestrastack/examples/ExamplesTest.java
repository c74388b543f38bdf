package io.kestrastack.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.Stack;
import io.kestrastack.bundle.StackBundle;
import io.kestrastack.checks.RealToolChecks;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

class ExamplesTest {

    @TempDir
    Path dir;

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("single host, Caddy, automatic TLS", (Supplier<Stack>) SingleHostCaddy::stack),
                Arguments.of("nginx, /kestra, TLS from files", (Supplier<Stack>) NginxSubPath::stack),
                Arguments.of("corporate network, forward proxy, internal CA", (Supplier<Stack>) CorporateNetwork::stack));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void every_example_is_accepted_by_the_real_tools(String name, Supplier<Stack> example) {
        StackBundle.of(example.get()).writeTo(dir);
        RealToolChecks.assertAcceptedByEveryTool(dir);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void every_example_serves_kestra_where_its_comment_says(String name, Supplier<Stack> example) {
        Stack stack = example.get();
        assertTrue(stack.edge().isPresent(), name + " has an edge");
        assertEquals(stack.address().origin() + stack.contextPath().withTrailingSlash(), stack.kestraUrl());
    }
}
