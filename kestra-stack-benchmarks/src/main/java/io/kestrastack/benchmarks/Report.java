package io.kestrastack.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The measurements of one suite run, and the one table they print as: benchmark, median, target, result.
 * The rows and their order are fixed; a measurement that was not made shows as {@code not measured} and
 * counts as a miss.
 */
public final class Report {

    /** Full render + validation, per stack, must take at most this long (median). */
    public static final double RENDER_TARGET_MICROS = 100;
    /** ... and at most this many times the floor of the same stack. */
    public static final double FLOOR_RATIO_TARGET = 2;
    /** Lint of one bundle, median. */
    public static final double LINT_TARGET_MICROS = 200;
    /** {@code generate} from a cold JVM, median wall time. */
    public static final double COLD_START_TARGET_MILLIS = 600;

    /** What a row concluded. */
    public enum Verdict {
        /** The target is met. */
        PASS,
        /** The target is missed, or the figure is missing. */
        FAIL,
        /** The row has no target (reported for reference). */
        INFO
    }

    /** One row of the table. */
    public record Row(String benchmark, String median, String target, Verdict verdict) {}

    /** Wall times of one command, in milliseconds, in the order they ran. */
    public record ColdStart(String command, List<Double> millis) {
        /** The median. */
        public double median() {
            return Report.median(millis);
        }

        /** The fastest run. */
        public double min() {
            return millis.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        }

        /** The slowest run. */
        public double max() {
            return millis.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        }
    }

    /** A jar on the runtime class path and its size. */
    public record Jar(String artifact, String fileName, long bytes, boolean ours) {}

    private final Map<String, Double> medians = new LinkedHashMap<>();
    private @Nullable ColdStart coldStart;
    private final List<Jar> runtimeJars = new ArrayList<>();
    private final Map<String, Long> otherJars = new LinkedHashMap<>();

    /** Records the median of {@code benchmark} (a method of {@link BundleBenchmarks} or {@link LintBenchmarks}) for {@code stack}. */
    public Report median(String benchmark, String stack, double micros) {
        medians.put(benchmark + "/" + stack, micros);
        return this;
    }

    /** Records the cold-start runs. */
    public Report coldStart(ColdStart runs) {
        this.coldStart = runs;
        return this;
    }

    /** Records the runtime class path of the library modules and the command line. */
    public Report runtimeJars(List<Jar> jars) {
        runtimeJars.clear();
        runtimeJars.addAll(jars);
        return this;
    }

    /** Records the size of another jar, such as the command line's shaded jar. */
    public Report otherJar(String label, long bytes) {
        otherJars.put(label, bytes);
        return this;
    }

    /** The rows, in their fixed order. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String stack : List.of(Stacks.MINIMAL, Stacks.FULL)) {
            rows.add(info("Validation (`Stack.Builder.build()`), " + stack + " stack", find("validate", stack)));
        }
        for (String stack : List.of(Stacks.MINIMAL, Stacks.FULL)) {
            rows.add(info("Bundle render (`StackBundle.of`), " + stack + " stack", find("render", stack)));
        }
        for (String stack : List.of(Stacks.MINIMAL, Stacks.FULL)) {
            rows.add(info("Floor: snakeyaml-engine dumps the same YAML trees, " + stack + " stack", find("yamlFloor", stack)));
        }
        for (String stack : List.of(Stacks.MINIMAL, Stacks.FULL)) {
            Optional<Double> both = find("validateAndRender", stack);
            rows.add(new Row("Validation + bundle render, " + stack + " stack", micros(both),
                    "≤ " + fmt(RENDER_TARGET_MICROS) + " µs", verdict(both, RENDER_TARGET_MICROS)));
            Optional<Double> floor = find("yamlFloor", stack);
            Optional<Double> ratio = both.isPresent() && floor.isPresent()
                    ? Optional.of(both.get() / floor.get()) : Optional.empty();
            rows.add(new Row("Validation + bundle render ÷ floor, " + stack + " stack",
                    ratio.map(r -> String.format(Locale.ROOT, "%.2f×", r)).orElse("not measured"),
                    "≤ " + fmt(FLOOR_RATIO_TARGET) + "×", verdict(ratio, FLOOR_RATIO_TARGET)));
        }
        for (String stack : List.of(Stacks.MINIMAL, Stacks.FULL)) {
            rows.add(info("Lint floor: snakeyaml-engine parses the YAML lint reads, " + stack + " stack",
                    find("yamlParseFloor", stack)));
        }
        for (String stack : List.of(Stacks.MINIMAL, Stacks.FULL)) {
            Optional<Double> lint = find("lint", stack);
            rows.add(new Row("Lint of the bundle in memory (`StackLint.lint`), " + stack + " stack", micros(lint),
                    "≤ " + fmt(LINT_TARGET_MICROS) + " µs", verdict(lint, LINT_TARGET_MICROS)));
        }
        if (coldStart == null) {
            rows.add(new Row("`generate` from a cold JVM", "not measured", "≤ " + fmt(COLD_START_TARGET_MILLIS) + " ms",
                    Verdict.FAIL));
        } else {
            ColdStart c = coldStart;
            rows.add(new Row(String.format(Locale.ROOT, "`generate` from a cold JVM, wall time (%d runs, min %s ms, max %s ms)",
                    c.millis().size(), fmt(c.min()), fmt(c.max())), fmt(c.median()) + " ms",
                    "≤ " + fmt(COLD_START_TARGET_MILLIS) + " ms", verdict(Optional.of(c.median()), COLD_START_TARGET_MILLIS)));
        }
        if (runtimeJars.isEmpty()) {
            rows.add(new Row("Runtime dependencies", "not measured", String.join(", ", Footprint.ALLOWED_THIRD_PARTY),
                    Verdict.FAIL));
        } else {
            List<String> thirdParty = runtimeJars.stream().filter(j -> !j.ours()).map(Jar::artifact).distinct().toList();
            boolean allowed = Footprint.ALLOWED_THIRD_PARTY.containsAll(thirdParty);
            long bytes = runtimeJars.stream().mapToLong(Jar::bytes).sum();
            rows.add(new Row("Runtime dependencies: " + String.join(", ", thirdParty), kib(bytes) + " in all",
                    "only " + String.join(", ", Footprint.ALLOWED_THIRD_PARTY), allowed ? Verdict.PASS : Verdict.FAIL));
        }
        return rows;
    }

    /** How many rows with a target missed it. */
    public long misses() {
        return rows().stream().filter(r -> r.verdict() == Verdict.FAIL).count();
    }

    /** The table as Markdown, then the jar sizes. */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("| Benchmark | Median | Target | Result |\n");
        out.append("|---|---:|---|---|\n");
        for (Row r : rows()) {
            out.append("| ").append(r.benchmark()).append(" | ").append(r.median()).append(" | ").append(r.target())
                    .append(" | ").append(r.verdict() == Verdict.INFO ? "—" : r.verdict().name().toLowerCase(Locale.ROOT))
                    .append(" |\n");
        }
        if (!runtimeJars.isEmpty() || !otherJars.isEmpty()) {
            out.append("\n| Jar | Size |\n");
            out.append("|---|---:|\n");
            for (Jar j : runtimeJars) {
                out.append("| ").append(j.fileName()).append(" | ").append(kib(j.bytes())).append(" |\n");
            }
            otherJars.forEach((label, bytes) -> out.append("| ").append(label).append(" | ").append(kib(bytes)).append(" |\n"));
        }
        return out.toString();
    }

    private Optional<Double> find(String benchmark, String stack) {
        return Optional.ofNullable(medians.get(benchmark + "/" + stack));
    }

    private static Row info(String benchmark, Optional<Double> median) {
        return new Row(benchmark, micros(median), "—", Verdict.INFO);
    }

    private static Verdict verdict(Optional<Double> value, double limit) {
        return value.isPresent() && value.get() <= limit ? Verdict.PASS : Verdict.FAIL;
    }

    private static String micros(Optional<Double> value) {
        return value.map(v -> fmt(v) + " µs").orElse("not measured");
    }

    /** Three significant figures, at most one decimal: 7.42 → 7.4, 123.4 → 123. */
    static String fmt(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String kib(long bytes) {
        return String.format(Locale.ROOT, "%,.0f KiB", bytes / 1024.0);
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
