package io.kestrastack.lint.internal;

import io.kestrastack.lint.internal.Report.Located;
import io.kestrastack.lint.internal.YamlTree.YEntry;
import io.kestrastack.lint.internal.YamlTree.YMap;
import io.kestrastack.lint.internal.YamlTree.YNode;
import io.kestrastack.lint.internal.YamlTree.YScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One Kestra configuration document, from a file or from KESTRA_CONFIGURATION, with its settings
 * flattened into Micronaut property names: dotted keys and nested keys are the same property, and
 * camelCase keys are read as kebab-case ({@code basicAuth} is {@code basic-auth}).
 */
public final class KestraConfig {

    /**
     * One setting.
     *
     * @param written the property as written, segments joined with '.'
     * @param name the normalised property name (kebab-case)
     * @param key the key scalar that ends the path, for its line
     * @param value the value
     */
    public record Prop(String written, String name, YScalar key, YNode value) {

        /** The value's text if it is a non-null scalar. */
        public Optional<String> text() {
            return value instanceof YScalar s && !s.isNull() ? Optional.of(s.value()) : Optional.empty();
        }

        /** The line of the value (of the key when the value is not a scalar). */
        public int line() {
            return value instanceof YScalar s ? s.line() : key.line();
        }
    }

    private final Source source;
    private final @Nullable YNode root;
    private final @Nullable YScalar composeScalar;
    private final Located anchor;
    private final List<Prop> props = new ArrayList<>();

    /**
     * @param source the file whose lines findings name (the Compose file for KESTRA_CONFIGURATION)
     * @param root the parsed document, or null if empty or unreadable
     * @param composeScalar the KESTRA_CONFIGURATION value in the Compose file, or null for a file
     * @param anchor where to report a setting that is missing
     */
    KestraConfig(Source source, @Nullable YNode root, @Nullable YScalar composeScalar, Located anchor) {
        this.source = source;
        this.root = root;
        this.composeScalar = composeScalar;
        this.anchor = anchor;
        if (root instanceof YMap m) {
            flatten(m, "", "", 0);
        }
    }

    /** The file findings name. */
    public String file() {
        return source.path();
    }

    /** That file's text. */
    public Source source() {
        return source;
    }

    /** Whether this is KESTRA_CONFIGURATION inside the Compose file. */
    public boolean inline() {
        return composeScalar != null;
    }

    /** Whether the document could be read. */
    public boolean readable() {
        return root != null;
    }

    /** Where to report what is missing. */
    public Located anchor() {
        return anchor;
    }

    /** Every setting, in document order. */
    public List<Prop> props() {
        return props;
    }

    /** The first setting named {@code name} (kebab-case, dotted). */
    public Optional<Prop> get(String name) {
        for (Prop p : props) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Whether any setting lies under {@code prefix} (such as {@code datasources.postgres}). */
    public boolean hasUnder(String prefix) {
        for (Prop p : props) {
            if (p.name().equals(prefix) || p.name().startsWith(prefix + ".")) {
                return true;
            }
        }
        return false;
    }

    /** Aliases can make a small document flatten into very many settings; no configuration has this many. */
    static final int MAX_SETTINGS = 20_000;

    private void flatten(YMap map, String written, String name, int depth) {
        if (depth > YamlTree.MAX_DEPTH) {
            return;
        }
        for (YEntry e : map.entries()) {
            if (props.size() >= MAX_SETTINGS) {
                return;
            }
            String key = e.key().value();
            String w = written.isEmpty() ? key : written + "." + key;
            String n = name.isEmpty() ? normalize(key) : name + "." + normalize(key);
            if (e.value() instanceof YMap child && !child.entries().isEmpty()) {
                flatten(child, w, n, depth + 1);
            } else {
                props.add(new Prop(w, n, e.key(), e.value()));
            }
        }
    }

    /** A key (possibly dotted) in Micronaut's normal form: each segment camelCase to kebab-case. */
    public static String normalize(String key) {
        StringBuilder out = new StringBuilder();
        String[] segments = key.split("\\.", -1);
        for (int s = 0; s < segments.length; s++) {
            if (s > 0) {
                out.append('.');
            }
            String seg = segments[s];
            for (int i = 0; i < seg.length(); i++) {
                char c = seg.charAt(i);
                if (Character.isUpperCase(c)) {
                    if (i > 0 && seg.charAt(i - 1) != '-' && !Character.isUpperCase(seg.charAt(i - 1))) {
                        out.append('-');
                    }
                    out.append(Character.toLowerCase(c));
                } else {
                    out.append(c);
                }
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
