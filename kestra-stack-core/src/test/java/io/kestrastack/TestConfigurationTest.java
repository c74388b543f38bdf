package io.kestrastack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The test settings come from the build (Surefire and Failsafe {@code configurationParameters} in the parent
 * POM), never from a {@code junit-platform.properties} file: core's test-jar is on the other modules' test
 * class paths, and two such files make JUnit warn and silently pick one.
 */
class TestConfigurationTest {

    /** Hands the test the JUnit configuration parameter named by the test. */
    @RegisterExtension
    static final ParameterResolver PARAMETERS = new ParameterResolver() {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
            return p.getParameter().getType() == ExtensionContext.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext e) {
            return e;
        }
    };

    @Test
    void no_junit_platform_properties_file_is_on_the_test_class_path() throws IOException {
        List<URL> files = Collections.list(getClass().getClassLoader().getResources("junit-platform.properties"));
        assertEquals(List.of(), files);
    }

    @Test
    void jqwik_settings_arrive_as_configuration_parameters_from_the_build(ExtensionContext context) {
        assertEquals(Optional.of("target/jqwik-database"), context.getConfigurationParameter("jqwik.database"));
        assertEquals(Optional.of("200"), context.getConfigurationParameter("jqwik.tries.default"));
        assertEquals(Optional.of("true"), context.getConfigurationParameter("jqwik.reporting.onlyfailures"));
    }
}
