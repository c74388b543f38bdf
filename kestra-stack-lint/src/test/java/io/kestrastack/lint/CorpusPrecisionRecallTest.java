package io.kestrastack.lint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The linter measured on a corpus of realistic, hand-written multi-file stacks ({@code corpus/<name>/}),
 * each with an {@code expected} file listing, as {@code file:line rule-id}, the findings a careful reviewer
 * wants for it. The expected lists were written before the linter was run on the stacks. Precision is the
 * share of reported findings that are expected; recall is the share of expected findings that are
 * reported. Both are computed over the whole corpus, printed, and held above the goals.
 */
class CorpusPrecisionRecallTest {

    static final Path CORPUS = Fixtures.RESOURCES.resolve("corpus");

    /** The goals of issue 11. */
    private static final double MIN_PRECISION = 0.95;
    private static final double MIN_RECALL = 0.90;

    /** The findings of one stack as {@code file:line rule-id}, files relative to the stack. */
    static TreeSet<String> reported(Path stack) {
        return StackLint.lintDirectory(stack).stream()
                .map(f -> stack.relativize(Path.of(f.file())).toString().replace('\\', '/') + ":" + f.line() + " "
                        + f.rule().id())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static List<Path> stacks() throws IOException {
        try (Stream<Path> dirs = Files.list(CORPUS)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    void the_corpus_has_at_least_twenty_stacks_each_with_an_expected_list() throws IOException {
        List<Path> stacks = stacks();
        assertTrue(stacks.size() >= 20, "corpus has " + stacks.size() + " stacks");
        for (Path s : stacks) {
            assertTrue(Files.isRegularFile(s.resolve("expected")), s + " has no expected file");
        }
    }

    @Test
    void precision_and_recall_over_the_corpus_meet_the_goals() throws IOException {
        int truePositives = 0;
        int reportedCount = 0;
        int expectedCount = 0;
        List<String> falseAlarms = new ArrayList<>();
        List<String> misses = new ArrayList<>();
        for (Path stack : stacks()) {
            TreeSet<String> expected = Fixtures.lines(stack.resolve("expected"));
            TreeSet<String> reported = reported(stack);
            String name = stack.getFileName().toString();
            for (String r : reported) {
                if (expected.contains(r)) {
                    truePositives++;
                } else {
                    falseAlarms.add(name + "/" + r);
                }
            }
            for (String e : expected) {
                if (!reported.contains(e)) {
                    misses.add(name + "/" + e);
                }
            }
            reportedCount += reported.size();
            expectedCount += expected.size();
        }
        double precision = reportedCount == 0 ? 1.0 : (double) truePositives / reportedCount;
        double recall = expectedCount == 0 ? 1.0 : (double) truePositives / expectedCount;
        String summary = String.format(java.util.Locale.ROOT,
                "corpus: %d stacks, %d expected, %d reported, %d true; precision %.3f, recall %.3f%n"
                        + "false alarms:%n  %s%nmisses:%n  %s",
                stacks().size(), expectedCount, reportedCount, truePositives, precision, recall,
                String.join("\n  ", falseAlarms), String.join("\n  ", misses));
        System.out.println(summary);
        assertTrue(precision >= MIN_PRECISION && recall >= MIN_RECALL, summary);
    }
}
