package io.kestrastack.lint.internal;

import io.kestrastack.lint.Finding;
import io.kestrastack.lint.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/** Collects findings; {@link #findings()} returns them sorted by file, line and rule, without duplicates. */
public final class Report {

    private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::file)
            .thenComparingInt(Finding::line)
            .thenComparing(f -> f.rule().ordinal())
            .thenComparing(Finding::message);

    private final List<Finding> found = new ArrayList<>();

    /** Adds a finding with the rule's own fix. */
    public void add(Rule rule, String file, int line, String message) {
        add(rule, file, line, message, rule.fix());
    }

    /** Adds a finding with a specific fix. */
    public void add(Rule rule, String file, int line, String message, String fix) {
        found.add(new Finding(file, Math.max(1, line), rule, message, fix));
    }

    /** Adds a finding located at {@code at}. */
    public void add(Rule rule, Located at, String message) {
        add(rule, at.file(), at.line(), message);
    }

    /** Adds a finding located at {@code at} with a specific fix. */
    public void add(Rule rule, Located at, String message, String fix) {
        add(rule, at.file(), at.line(), message, fix);
    }

    /** Every finding so far, sorted, each once. */
    public List<Finding> findings() {
        List<Finding> sorted = new ArrayList<>(new LinkedHashSet<>(found));
        sorted.sort(ORDER);
        return List.copyOf(sorted);
    }

    /** A place in a file. */
    public record Located(String file, int line) {}
}
