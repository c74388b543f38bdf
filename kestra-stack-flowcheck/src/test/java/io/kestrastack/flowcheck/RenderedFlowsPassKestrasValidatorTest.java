package io.kestrastack.flowcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.render.RenderedFile;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every flow of every rendered bundle of this line is accepted by Kestra's own validator, without warnings. */
class RenderedFlowsPassKestrasValidatorTest {

    private static KestraFlowValidator kestra;

    @BeforeAll
    static void startKestra() {
        kestra = KestraFlowValidator.shared();
    }

    static Stream<Scenario> scenariosOfThisLine() {
        // Runs before @BeforeAll: read the line from the version the module pins, checked against the
        // validator's own report in the_validator_is_the_pinned_kestra_version.
        return Scenario.all().stream().filter(s -> s.line().major() == FlowcheckLine.pinnedMajor());
    }

    @Test
    void the_validator_is_the_pinned_kestra_version() {
        assertEquals(FlowcheckLine.pinnedVersion(), kestra.kestraVersion(),
                "io.kestra:core on the class path is not the version the pom pins");
        assertEquals(FlowcheckLine.pinnedMajor(), kestra.line().major());
    }

    @Test
    void every_line_we_support_has_scenarios() {
        assertTrue(scenariosOfThisLine().count() >= 3, "fewer than three scenarios for Kestra " + kestra.kestraVersion());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenariosOfThisLine")
    void every_flow_of_the_bundle_is_valid_for_kestra(Scenario scenario) {
        List<RenderedFile> flows = scenario.flows();
        assertFalse(flows.isEmpty(), "the bundle of '" + scenario + "' has no flows/ file to validate");
        for (RenderedFile flow : flows) {
            KestraFlowValidator.Verdict verdict = kestra.validate(flow.path(), flow.content());
            assertTrue(verdict.clean(), () -> "Kestra " + kestra.kestraVersion() + " on " + flow.path() + " of '" + scenario
                    + "': " + verdict + "\n--- flow ---\n" + flow.content());
        }
    }
}
