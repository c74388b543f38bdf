package io.kestrastack.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kestrastack.ConfigDelivery;
import io.kestrastack.Stack;
import io.kestrastack.testing.Examples;
import io.kestrastack.testing.Goldens;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The complete output for a few fixed stacks, byte for byte, under {@code src/test/resources/golden/<case>/}.
 * Secrets are fixed with {@code Secret.of}, so the files are stable.
 */
class GoldenFilesTest {

    /** The golden cases; the real-tool tests run on the same stacks. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("single-host", singleHost()),
                Arguments.of("sub-path", subPath()),
                Arguments.of("config-file", configFile()));
    }

    /** Postgres and Kestra on one host, no edge, reached at http://localhost:8080/. */
    static Stack singleHost() {
        return Examples.singleHost().build();
    }

    /** The same, served at http://flows.example.com:8080/kestra/. */
    static Stack subPath() {
        return Examples.singleHost().name("flows").publicAddress("http://flows.example.com:8080").contextPath("/kestra")
                .build();
    }

    /** The single-host stack with its Kestra configuration in a mounted file instead of an environment variable. */
    static Stack configFile() {
        return Examples.singleHost().kestra(k -> k.configDelivery(ConfigDelivery.FILE)).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void every_rendered_file_matches_its_golden_file(String caseName, Stack stack) {
        Goldens.assertMatches(caseName, StackRenderer.render(stack));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void only_the_env_file_is_private(String caseName, Stack stack) {
        for (RenderedFile f : StackRenderer.render(stack)) {
            assertEquals(f.path().equals(".env") ? RenderedFile.PRIVATE : RenderedFile.PUBLIC, f.mode(), f.path());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void the_files_come_in_a_fixed_order(String caseName, Stack stack) {
        List<String> expected = caseName.equals("config-file")
                ? List.of("docker-compose.yml", ".env", "kestra/application.yaml")
                : List.of("docker-compose.yml", ".env");
        assertEquals(expected, StackRenderer.render(stack).stream().map(RenderedFile::path).toList());
    }
}
