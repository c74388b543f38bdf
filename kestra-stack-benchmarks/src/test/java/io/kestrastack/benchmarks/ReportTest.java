package io.kestrastack.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.benchmarks.Report.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table's verdicts follow the targets, and a missing figure never passes. */
class ReportTest {

    private static Report measuredWithin() {
        Report r = new Report();
        for (String stack : List.of(Stacks.MINIMAL, Stacks.FULL)) {
            r.median("validate", stack, 10).median("render", stack, 40).median("yamlFloor", stack, 30)
                    .median("validateAndRender", stack, 55).median("lint", stack, 150);
        }
        r.coldStart(new Report.ColdStart("generate", List.of(420.0, 400.0, 500.0)));
        r.runtimeJars(List.of(new Report.Jar("kestra-stack-core", "kestra-stack-core-0.1.0.jar", 100_000, true),
                new Report.Jar("snakeyaml-engine", "snakeyaml-engine-3.2.jar", 300_000, false)));
        return r;
    }

    private static Verdict verdictOf(Report r, String rowStart) {
        return r.rows().stream().filter(row -> row.benchmark().startsWith(rowStart)).findFirst().orElseThrow().verdict();
    }

    @Test
    void everyTargetMetGivesNoMiss() {
        assertEquals(0, measuredWithin().misses());
    }

    @Test
    void theRowsAndTheirOrderAreFixed() {
        List<String> names = measuredWithin().rows().stream().map(Report.Row::benchmark).toList();
        assertEquals(16, names.size());
        assertTrue(names.get(0).startsWith("Validation (`Stack.Builder.build()`), minimal"));
        assertTrue(names.get(14).startsWith("`generate` from a cold JVM, wall time (3 runs, min 400 ms, max 500 ms)"));
        assertTrue(names.get(15).startsWith("Runtime dependencies: snakeyaml-engine"));
        // Without any figure, the same rows in the same order.
        List<String> empty = new Report().rows().stream().map(Report.Row::benchmark).toList();
        assertEquals(names.subList(0, 14), empty.subList(0, 14));
        assertEquals(16, empty.size());
    }

    @Test
    void renderingSlowerThanTwiceTheFloorFailsEvenUnderTheAbsoluteTarget() {
        Report r = measuredWithin().median("validateAndRender", Stacks.FULL, 61);
        assertEquals(Verdict.PASS, verdictOf(r, "Validation + bundle render, full"));
        assertEquals(Verdict.FAIL, verdictOf(r, "Validation + bundle render ÷ floor, full"));
        assertEquals(Verdict.PASS, verdictOf(r, "Validation + bundle render ÷ floor, minimal"));
    }

    @Test
    void eachAbsoluteTargetFailsJustAboveItsLimit() {
        Report r = measuredWithin().median("validateAndRender", Stacks.MINIMAL, 100.5)
                .median("yamlFloor", Stacks.MINIMAL, 60).median("lint", Stacks.FULL, 200.1)
                .coldStart(new Report.ColdStart("generate", List.of(590.0, 610.0, 650.0)));
        assertEquals(Verdict.FAIL, verdictOf(r, "Validation + bundle render, minimal"));
        assertEquals(Verdict.FAIL, verdictOf(r, "Lint of the bundle in memory (`StackLint.lint`), full"));
        assertEquals(Verdict.PASS, verdictOf(r, "Lint of the bundle in memory (`StackLint.lint`), minimal"));
        assertEquals(Verdict.FAIL, verdictOf(r, "`generate`"));
        assertEquals(3, r.misses());
    }

    @Test
    void aMissingFigureCountsAsAMiss() {
        Report r = new Report().median("validateAndRender", Stacks.MINIMAL, 50);
        assertEquals(Verdict.FAIL, verdictOf(r, "Validation + bundle render ÷ floor, minimal"));
        assertEquals(Verdict.FAIL, verdictOf(r, "`generate`"));
        assertEquals(Verdict.FAIL, verdictOf(r, "Runtime dependencies"));
        assertTrue(r.toMarkdown().contains("| Validation + bundle render ÷ floor, minimal stack | not measured | ≤ 2.0× | fail |"),
                r.toMarkdown());
    }

    @Test
    void anUnlistedThirdPartyJarFailsTheDependencyRow() {
        Report r = measuredWithin().runtimeJars(List.of(new Report.Jar("guava", "guava-33.0.jar", 3_000_000, false)));
        assertEquals(Verdict.FAIL, verdictOf(r, "Runtime dependencies: guava"));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(450.0, new Report.ColdStart("x", List.of(500.0, 400.0, 300.0, 600.0)).median());
    }

    @Test
    void footprintNamesEachArtifactOnceAndMarksOurs(@TempDir Path dir) throws IOException {
        Path core = Files.write(dir.resolve("kestra-stack-core-0.1.0-SNAPSHOT.jar"), new byte[2048]);
        Path yaml = Files.write(dir.resolve("snakeyaml-engine-3.2.jar"), new byte[1024]);
        Path lang = Files.write(dir.resolve("commons-lang3-3.20.0.jar"), new byte[10]);
        Path list = Files.writeString(dir.resolve("cp.txt"), yaml + ":" + lang + "\n" + yaml + "\n");
        List<Report.Jar> jars = Footprint.read(List.of(list), List.of(core));
        assertEquals(List.of(new Report.Jar("kestra-stack-core", core.getFileName().toString(), 2048, true),
                new Report.Jar("snakeyaml-engine", "snakeyaml-engine-3.2.jar", 1024, false),
                new Report.Jar("commons-lang3", "commons-lang3-3.20.0.jar", 10, false)), jars);
    }
}
