package io.kestrastack.flowcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kestrastack.StackConfigException;
import io.kestrastack.bundle.Operations;
import io.kestrastack.bundle.StackBundle;
import io.kestrastack.testing.Examples;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The smoke-test settings {@link Operations} accepts against what Kestra accepts in the rendered flow. A
 * value the library accepts but Kestra rejects renders a smoke test that {@code --flow-path} skips at start
 * with only a log line; a value Kestra accepts but the library refuses is a needless refusal.
 */
class SmokeTestSettingsAgreeWithKestraTest {

    private static KestraFlowValidator kestra;

    @BeforeAll
    static void startKestra() {
        kestra = KestraFlowValidator.shared();
    }

    private static final List<String> CRONS = List.of(
            "*/15 * * * *", "7 3 * * 1-5", "0 0 * * MON", "0 9-17 * * 1,3,5", "0 0 1 JAN *",
            "61 * * * *", "* 24 * * *", "0 0 32 * *", "0 0 * 13 *", "0 0 * * 9",
            "@hourly", "@daily", "0 */15 * * * *", "a b c d e", "0 0 L * *");

    /**
     * Disagreements found with io.kestra:core 2.0.0 and 1.3.31, reported to the lead (issue 16): Operations
     * checks only that a cron has five fields, while Kestra's Schedule parses it with cron-utils under strict
     * ranges (minutes 0-59, hours 0-23, day 1-31 with L, month 1-12, weekday 0-7) and also takes the nicknames
     * {@code @hourly}, {@code @daily}, ... ({@code Schedule.CRON_DEFINITION_BUILDER}). Remove an entry when the
     * library's check is fixed; a new disagreement fails this test.
     */
    private static final List<String> KNOWN_GAPS = List.of(
            "61 * * * * (library accepts, Kestra rejects)",
            "* 24 * * * (library accepts, Kestra rejects)",
            "0 0 32 * * (library accepts, Kestra rejects)",
            "0 0 * 13 * (library accepts, Kestra rejects)",
            "0 0 * * 9 (library accepts, Kestra rejects)",
            "@hourly (library rejects, Kestra accepts)",
            "@daily (library rejects, Kestra accepts)",
            "a b c d e (library accepts, Kestra rejects)");

    /** 1.3.31's definition has no {@code supportsL()} on the day of month (2.0 added it). */
    private static final List<String> KNOWN_GAPS_1X_ONLY = List.of("0 0 L * * (library accepts, Kestra rejects)");

    private static boolean libraryAccepts(String cron) {
        return libraryAccepts("system.kestra_stack", cron);
    }

    private static boolean libraryAccepts(String namespace, String cron) {
        try {
            Operations.builder().smokeTest(new Operations.SmokeTest(namespace, null, cron)).build();
            return true;
        } catch (StackConfigException e) {
            return false;
        }
    }

    private static String rendered(String namespace) {
        Operations ops = Operations.builder().smokeTest(new Operations.SmokeTest(namespace, null, "*/15 * * * *")).build();
        String image = FlowcheckLine.pinnedMajor() == 1 ? Scenario.V1_IMAGE : io.kestrastack.KestraService.DEFAULT_IMAGE;
        return StackBundle.of(Examples.singleHost().kestra(k -> k.image(image)).build(), ops).content("flows/smoke-test.yaml");
    }

    private static boolean kestraAccepts(String cron) {
        String flow = rendered("system.kestra_stack");
        String rendered = "cron: '*/15 * * * *'";
        if (!flow.contains(rendered)) {
            throw new AssertionError("the rendered flow no longer has " + rendered + ":\n" + flow);
        }
        flow = flow.replace(rendered, "cron: '" + cron + "'");
        return kestra.validate("flows/smoke-test.yaml", flow).constraints() == null;
    }

    @Test
    void the_library_and_kestra_agree_on_smoke_test_crons_except_the_known_gaps() {
        List<String> disagreements = new ArrayList<>();
        for (String cron : CRONS) {
            boolean library = libraryAccepts(cron);
            boolean kestraSays = kestraAccepts(cron);
            if (library != kestraSays) {
                disagreements.add(cron + " (library " + (library ? "accepts" : "rejects") + ", Kestra "
                        + (kestraSays ? "accepts" : "rejects") + ")");
            }
        }
        List<String> expected = new ArrayList<>(KNOWN_GAPS);
        if (FlowcheckLine.pinnedMajor() == 1) {
            expected.addAll(KNOWN_GAPS_1X_ONLY);
        }
        assertEquals(expected, disagreements);
    }

    @Test
    void every_namespace_the_library_accepts_is_a_kestra_namespace() {
        // Kestra: AbstractFlow.namespace @Pattern("^[a-z0-9][a-z0-9._-]*") @Size(max = 150). The library is
        // stricter (no empty or dash-led segment), which is safe; the other way round is not.
        List<String> namespaces = List.of("system.kestra_stack", "company.ops", "a", "a-b.c_d", "0abc.9",
                "a".repeat(150), "a".repeat(151), "Company", "a b", "-a", "a..b", "a.", "ops.{{x}}");
        List<String> acceptedOnlyByTheLibrary = new ArrayList<>();
        int accepted = 0;
        for (String namespace : namespaces) {
            if (!libraryAccepts(namespace, "*/15 * * * *")) {
                continue;
            }
            accepted++;
            if (kestra.validate("flows/smoke-test.yaml", rendered(namespace)).constraints() != null) {
                acceptedOnlyByTheLibrary.add(namespace);
            }
        }
        assertEquals(List.of(), acceptedOnlyByTheLibrary);
        assertEquals(6, accepted, "the sample no longer exercises the library's accepted namespaces as intended");
    }
}
