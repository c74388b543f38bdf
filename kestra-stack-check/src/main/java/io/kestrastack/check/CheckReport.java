package io.kestrastack.check;

import io.kestrastack.check.CheckResult.Group;
import io.kestrastack.check.CheckResult.Status;
import io.kestrastack.lint.Findings;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The results of a {@link DeploymentCheck}, in the order the checks ran (Edge, Kestra, Exposure, Streams),
 * rendered as text ({@link #toText()}) or JSON ({@link #toJson()}). Immutable.
 */
public final class CheckReport {

    private final URI url;
    private final List<CheckResult> results;

    CheckReport(URI url, List<CheckResult> results) {
        this.url = url;
        this.results = List.copyOf(results);
    }

    /** The URL that was checked. */
    public URI url() {
        return url;
    }

    /** Every result, in order. */
    public List<CheckResult> results() {
        return results;
    }

    /** The result with this id, if that check is part of the report. */
    public Optional<CheckResult> result(String id) {
        return results.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Whether no check failed (skipped checks do not fail a report). */
    public boolean passed() {
        return results.stream().noneMatch(r -> r.status() == Status.FAIL);
    }

    /** The exit code of the {@code check} command: 0 when {@link #passed()}, else 1. */
    public int exitCode() {
        return passed() ? 0 : 1;
    }

    /**
     * The report for people: a heading per group, one line per check ({@code PASS}/{@code FAIL}/{@code SKIP}, id,
     * measured value), the fix or the reason indented under it, and a summary line. Lines end in {@code \n}.
     */
    public String toText() {
        StringBuilder out = new StringBuilder("kestra-stack check ").append(url).append('\n');
        int width = results.stream().mapToInt(r -> r.id().length()).max().orElse(0);
        Group current = null;
        for (CheckResult r : results) {
            if (r.group() != current) {
                current = r.group();
                out.append('\n').append(current.label()).append('\n');
            }
            String tag = r.status() == Status.SKIPPED ? "SKIP" : r.status().name();
            out.append("  ").append(tag).append(' ').append(r.id()).append(" ".repeat(width - r.id().length() + 2))
                    .append(oneLine(r.status() == Status.SKIPPED ? r.what() : r.measured())).append('\n');
            if (r.fix() != null) {
                out.append("       fix: ").append(oneLine(r.fix())).append('\n');
            }
            if (r.reason() != null) {
                out.append("       skipped: ").append(oneLine(r.reason())).append('\n');
            }
        }
        out.append('\n').append(count(Status.PASS)).append(" passed, ").append(count(Status.FAIL)).append(" failed, ")
                .append(count(Status.SKIPPED)).append(" skipped\n");
        return out.toString();
    }

    /**
     * The report for machines: {@code {"url":…,"passed":…,"results":[{"id","group","status","what","measured",
     * "reason","fix"},…]}} followed by a line break; group and status in lower case, absent reason/fix as
     * {@code null}.
     */
    public String toJson() {
        StringBuilder out = new StringBuilder("{\"url\":").append(Findings.jsonString(url.toString()))
                .append(",\"passed\":").append(passed()).append(",\"results\":[");
        for (int i = 0; i < results.size(); i++) {
            CheckResult r = results.get(i);
            out.append(i == 0 ? "\n  " : ",\n  ");
            out.append("{\"id\":").append(Findings.jsonString(r.id()));
            out.append(",\"group\":").append(Findings.jsonString(r.group().name().toLowerCase(Locale.ROOT)));
            out.append(",\"status\":").append(Findings.jsonString(r.status().name().toLowerCase(Locale.ROOT)));
            out.append(",\"what\":").append(Findings.jsonString(r.what()));
            out.append(",\"measured\":").append(Findings.jsonString(r.measured()));
            out.append(",\"reason\":").append(nullable(r.reason()));
            out.append(",\"fix\":").append(nullable(r.fix()));
            out.append('}');
        }
        out.append(results.isEmpty() ? "]}\n" : "\n]}\n");
        return out.toString();
    }

    @Override
    public String toString() {
        return "CheckReport[" + url + ", " + count(Status.PASS) + " passed, " + count(Status.FAIL) + " failed, "
                + count(Status.SKIPPED) + " skipped]";
    }

    private long count(Status s) {
        return results.stream().filter(r -> r.status() == s).count();
    }

    private static String nullable(@Nullable String s) {
        return s == null ? "null" : Findings.jsonString(s);
    }

    private static String oneLine(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
