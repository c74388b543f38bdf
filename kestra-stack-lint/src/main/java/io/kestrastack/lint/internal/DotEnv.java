package io.kestrastack.lint.internal;

import io.kestrastack.lint.Rule;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Compose project's {@code .env} as the linter sees it: read by core's one reader
 * ({@link io.kestrastack.internal.DotEnv}, the Compose v2 grammar), with unquoted and double-quoted
 * values interpolated with the variables defined above them. A bare {@code NAME} takes the value from the
 * shell, which the linter does not read: such a variable counts as defined with an unknown value.
 */
public final class DotEnv {

    /**
     * One variable.
     *
     * @param name the name
     * @param value the value after unquoting and interpolation, or null when it comes from the shell
     * @param line the line of the statement
     */
    public record Entry(String name, @Nullable String value, int line) {}

    private final Map<String, Entry> entries;

    private DotEnv(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** Variables in file order (a later definition replaces an earlier one). */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** Whether the file defines {@code name}. */
    public boolean defines(String name) {
        return entries.containsKey(name);
    }

    /** The value of {@code name}, or null when unset or only known to the shell. */
    public @Nullable String value(String name) {
        Entry e = entries.get(name);
        return e == null ? null : e.value();
    }

    /**
     * Lookup for {@link Interpolation}: defined variables with a known value give it; variables taken
     * from the shell give an empty marker that still counts as defined.
     */
    public @Nullable String lookup(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            return null;
        }
        return e.value() == null ? "" : e.value();
    }

    /**
     * Reads {@code source} with core's one {@code .env} reader ({@link io.kestrastack.internal.DotEnv}),
     * then interpolates unquoted and double-quoted values with the variables defined above them; a
     * statement Compose cannot read is reported and ends the reading.
     */
    public static DotEnv parse(Source source, Report report) {
        io.kestrastack.internal.DotEnv.Result read = io.kestrastack.internal.DotEnv.parse(source.text());
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (io.kestrastack.internal.DotEnv.Entry e : read.entries()) {
            String value = e.value();
            if (value != null && e.interpolated()) {
                value = interpolate(e, value, entries, source, report);
            }
            entries.put(e.name(), new Entry(e.name(), value, e.line()));
        }
        for (io.kestrastack.internal.DotEnv.Problem p : read.problems()) {
            report.add(Rule.ENV_SYNTAX, source.path(), p.line(), p.message() + "; Compose cannot read .env");
        }
        return new DotEnv(entries);
    }

    private static String interpolate(io.kestrastack.internal.DotEnv.Entry e, String raw, Map<String, Entry> above,
            Source source, Report report) {
        String key = io.kestrastack.internal.DotEnv.printableName(e.name());
        Interpolation.Result r = Interpolation.apply(raw, name -> {
            Entry known = above.get(name);
            if (known == null) {
                return null;
            }
            return known.value() == null ? "" : known.value();
        });
        if (r.tooDeep()) {
            report.add(Rule.COMPOSE_INVALID_INTERPOLATION, source.path(), e.valueLine(),
                    "the value of " + key + " nests defaults more than " + Interpolation.MAX_NESTING
                            + " levels deep (${A:-${B:-...}}), over the limit kestra-stack reads",
                    "flatten the defaults, or single-quote the value ('...') if it is literal");
        }
        if (r.invalidAt() >= 0) {
            report.add(Rule.COMPOSE_INVALID_INTERPOLATION, source.path(), e.valueLine(),
                    "the value of " + key + " has a '$' that Compose cannot interpolate, so Compose"
                            + " refuses the file",
                    "single-quote the value ('...') so Compose reads it literally");
        }
        if (!r.unguardedUndefined().isEmpty()) {
            // the name after the '$' is part of the value (pa$word): it is not printed
            report.add(Rule.COMPOSE_UNESCAPED_DOLLAR, source.path(), e.valueLine(),
                    "the value of " + key + " has a '$' followed by a name that is not defined above it;"
                            + " Compose substitutes an empty string for it",
                    "single-quote the value ('...') if the '$' is literal, or define that variable earlier in .env");
        }
        return r.value();
    }
}
