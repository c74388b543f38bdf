package io.kestrastack.internal;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;

/**
 * The one way YAML is written (and read back) in kestra-stack: snakeyaml-engine, block style, two-space
 * indentation, {@code \n} line breaks, no line folding, no anchors.
 *
 * <p>Strings that a YAML 1.1 reader would take for something else ({@code yes}, {@code on},
 * {@code 80:80}, {@code 010}, {@code 1e3}, ...) are double-quoted: snakeyaml-engine speaks YAML 1.2, but
 * Compose v1 and many other readers still resolve plain scalars with YAML 1.1 rules. Strings holding
 * U+0085, U+2028 or U+2029 (line breaks to YAML 1.1) are double-quoted too, where they are escaped.
 */
public final class Yaml {

    private static final DumpSettings SETTINGS = DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setIndent(2)
            .setIndicatorIndent(2)
            .setIndentWithIndicator(true)
            .setBestLineBreak("\n")
            .setSplitLines(false)
            .setWidth(Integer.MAX_VALUE)
            .setDereferenceAliases(true)
            .build();

    private static final Pattern NUMBER_LIKE = Pattern.compile("[-+.]?[0-9.][0-9A-Za-z_.:+-]*|[-+]?\\.(inf|Inf|INF|nan|NaN|NAN)");
    private static final Set<String> YAML11_WORDS = Set.of(
            "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
            "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~", "=", "<<", "");

    private Yaml() {}

    /**
     * A string always written double-quoted, whatever it looks like: for values whose readers expect
     * quotes, such as Compose port mappings.
     *
     * @param value the string
     */
    public record Quoted(String value) {}

    /**
     * A multi-line string written as a literal block ({@code |}), such as a configuration file held in a
     * Kubernetes ConfigMap.
     *
     * @param value the text
     */
    public record Block(String value) {}

    /** Whether a plain scalar with this text would not read back as the same string under YAML 1.1. */
    public static boolean ambiguous(String value) {
        if (YAML11_WORDS.contains(value)) {
            return true;
        }
        char first = value.charAt(0); // "" is one of the words
        // Every number-like form starts with a sign, a dot or a digit: skip the regex for everything else.
        return (first == '-' || first == '+' || first == '.' || (first >= '0' && first <= '9'))
                && NUMBER_LIKE.matcher(value).matches();
    }

    /** Whether {@code value} holds a character YAML 1.1 reads as a line break but YAML 1.2 does not. */
    static boolean hasUnicodeLineBreak(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    /** The dump settings every renderer uses (for benchmarks that measure snakeyaml-engine alone). */
    public static DumpSettings settings() {
        return SETTINGS;
    }

    /** Dumps an ordered tree of maps, lists, strings, numbers and booleans. */
    public static String dump(Map<String, ?> document) {
        String text = new Dump(SETTINGS, new Representer()).dumpToString(document);
        // Every scalar holding U+2028 or U+2029 is double-quoted (see Representer), but snakeyaml-engine
        // writes these two raw even there when Unicode output is on (it escapes only U+0085, as \N). As no
        // other place of the output can hold them, escaping them in the text is exact: \L and \P are the
        // YAML escapes of both versions for the line and paragraph separators.
        if (text.indexOf('\u2028') >= 0 || text.indexOf('\u2029') >= 0) {
            text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        }
        return text;
    }

    /**
     * Loads one YAML document (YAML 1.2 core schema), within limits: 4 MB of text, 50 aliases per
     * collection, and {@link BoundedYamlParser}'s limits on nodes and nesting, checked in a first streaming
     * pass that keeps nothing (so a hostile file costs neither memory nor stack).
     *
     * @throws BoundedYamlParser.LimitExceeded when a limit is passed
     * @throws org.snakeyaml.engine.v2.exceptions.YamlEngineException when the text is not valid YAML
     */
    public static Object load(String text) {
        LoadSettings settings = LoadSettings.builder().setAllowDuplicateKeys(false).setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(50).setCodePointLimit(4 * 1024 * 1024).build();
        BoundedYamlParser bounded = new BoundedYamlParser(new ParserImpl(settings, new StreamReader(settings, text)));
        while (bounded.hasNext()) {
            bounded.next();
        }
        return new Load(settings).loadFromString(text);
    }

    /**
     * The node at {@code keys} in a loaded tree, following mappings only; null when a key is missing or a node on
     * the way is not a mapping.
     */
    public static @Nullable Object at(@Nullable Object tree, String... keys) {
        Object node = tree;
        for (String k : keys) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(k);
        }
        return node;
    }

    private static final class Representer extends StandardRepresenter {
        Representer() {
            super(SETTINGS);
            this.representers.put(Quoted.class, data -> representScalar(Tag.STR, ((Quoted) data).value(),
                    ScalarStyle.DOUBLE_QUOTED));
            this.representers.put(Block.class, data -> representScalar(Tag.STR, ((Block) data).value(),
                    ScalarStyle.LITERAL));
        }

        @Override
        protected Node representScalar(Tag tag, String value, ScalarStyle style) {
            if (Tag.STR.equals(tag) && hasUnicodeLineBreak(value)) {
                // YAML 1.1 readers (libyaml/PyYAML: Compose v1) take U+0085, U+2028 and U+2029 for line
                // breaks; the emitter writes them raw except in double quotes, where they become \N \L \P.
                return super.representScalar(tag, value, ScalarStyle.DOUBLE_QUOTED);
            }
            if (Tag.STR.equals(tag) && style == ScalarStyle.PLAIN && ambiguous(value)) {
                return super.representScalar(tag, value, ScalarStyle.DOUBLE_QUOTED);
            }
            return super.representScalar(tag, value, style);
        }
    }
}
