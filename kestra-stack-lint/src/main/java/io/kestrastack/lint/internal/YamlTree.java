package io.kestrastack.lint.internal;

import io.kestrastack.internal.BoundedYamlParser;
import io.kestrastack.lint.Rule;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.AnchorNode;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * A YAML document as a small tree whose every node knows its line in the file, composed with
 * snakeyaml-engine (no objects are constructed, so no tags are resolved into types). Merge keys
 * ({@code <<}) are applied, aliases are followed, and duplicate keys are reported rather than rejected.
 */
public final class YamlTree {

    /** Deeper documents are refused: no configuration nests this far, and it bounds recursion. */
    static final int MAX_DEPTH = 64;

    /** A node. */
    public sealed interface YNode permits YMap, YSeq, YScalar {
        /** 1-based line in the file. */
        int line();
    }

    /**
     * A scalar.
     *
     * @param value its text ({@code ""} for null)
     * @param line 1-based line where it starts (for a block scalar: the line of its indicator)
     * @param isNull whether it is a YAML null ({@code ~}, {@code null} or nothing)
     * @param literalBlock whether it is a literal block scalar ({@code |}), whose content line {@code i}
     *     (0-based) is file line {@code line + 1 + i}
     */
    public record YScalar(String value, int line, boolean isNull, boolean literalBlock) implements YNode {

        /** The file line of character {@code offset} of the value, where it can be known. */
        public int lineOf(int offset) {
            if (!literalBlock) {
                return line;
            }
            int l = line + 1;
            for (int i = 0; i < offset && i < value.length(); i++) {
                if (value.charAt(i) == '\n') {
                    l++;
                }
            }
            return l;
        }
    }

    /** A sequence. */
    public record YSeq(List<YNode> items, int line) implements YNode {}

    /** A mapping entry. */
    public record YEntry(YScalar key, YNode value) {}

    /** A mapping, entries in document order (merged entries after the mapping's own). */
    public record YMap(List<YEntry> entries, int line) implements YNode {

        /** The value of the first entry with this exact key. */
        public Optional<YNode> get(String key) {
            for (YEntry e : entries) {
                if (e.key().value().equals(key)) {
                    return Optional.of(e.value());
                }
            }
            return Optional.empty();
        }

        /** The entry with this exact key. */
        public Optional<YEntry> entry(String key) {
            for (YEntry e : entries) {
                if (e.key().value().equals(key)) {
                    return Optional.of(e);
                }
            }
            return Optional.empty();
        }

        /** The scalar value of {@code key}, if it is a scalar. */
        public Optional<YScalar> scalar(String key) {
            return get(key).filter(YScalar.class::isInstance).map(YScalar.class::cast);
        }

        /** The mapping value of {@code key}, if it is a mapping. */
        public Optional<YMap> map(String key) {
            return get(key).filter(YMap.class::isInstance).map(YMap.class::cast);
        }
    }

    private final String file;
    private final IntUnaryOperator lines;
    private final Report report;
    private final int[] newlines;
    private final Map<Node, YNode> converted = new IdentityHashMap<>();

    private YamlTree(String file, IntUnaryOperator lines, int[] newlines, Report report) {
        this.file = file;
        this.lines = lines;
        this.newlines = newlines;
        this.report = report;
    }

    /**
     * The code point indexes of the {@code \n} characters of {@code text}. snakeyaml also breaks lines at
     * NEL, U+2028, U+2029 and a lone CR; findings count {@code \n} only, as editors and grep do.
     */
    private static int[] newlines(String text) {
        int[] out = new int[16];
        int n = 0;
        int cp = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            if (text.charAt(i) == '\n') {
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, n * 2);
                }
                out[n++] = cp;
            }
            cp++;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** The 0-based {@code \n}-counted line of code point {@code index}. */
    private static int lineOfIndex(int[] newlines, int index) {
        int pos = java.util.Arrays.binarySearch(newlines, index);
        return pos >= 0 ? pos : -pos - 1;
    }

    /**
     * Parses one YAML document.
     *
     * @param text the YAML
     * @param file the file reported in findings
     * @param lines maps a 0-based line of {@code text} to the 1-based line of {@code file}
     * @param what what the YAML is, for messages (such as "the Compose file")
     * @return the root, or empty for an empty document or after reporting a syntax error
     */
    public static Optional<YNode> parse(String text, String file, IntUnaryOperator lines, String what, Report report) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setAllowDuplicateKeys(true)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(100)
                .setCodePointLimit(4 * 1024 * 1024)
                .build();
        Node root;
        try {
            Optional<Node> node = new Composer(settings,
                    new BoundedYamlParser(new ParserImpl(settings, new StreamReader(settings, text)))).getSingleNode();
            if (node.isEmpty()) {
                return Optional.empty();
            }
            root = node.get();
        } catch (BoundedYamlParser.LimitExceeded e) {
            report.add(Rule.YAML_SYNTAX, file, lines.applyAsInt(0), what + " has " + e.getMessage());
            return Optional.empty();
        } catch (MarkedYamlEngineException e) {
            int[] nl = newlines(text);
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            int line = mark.map(m -> lines.applyAsInt(lineOfIndex(nl, m.getIndex()))).orElse(lines.applyAsInt(0));
            report.add(Rule.YAML_SYNTAX, file, line, what + " is not valid YAML: " + describe(e));
            return Optional.empty();
        } catch (ReaderException e) {
            int line = lines.applyAsInt(lineOfIndex(newlines(text), e.getPosition()));
            report.add(Rule.YAML_SYNTAX, file, line, what + " contains a character YAML does not allow (code point U+"
                    + String.format("%04X", e.getCodePoint()) + ")");
            return Optional.empty();
        } catch (YamlEngineException e) {
            report.add(Rule.YAML_SYNTAX, file, lines.applyAsInt(0), what + " is not valid YAML: "
                    + firstLine(String.valueOf(e.getMessage())));
            return Optional.empty();
        } catch (StackOverflowError e) {
            report.add(Rule.YAML_SYNTAX, file, lines.applyAsInt(0), what + " nests too deeply to be read");
            return Optional.empty();
        }
        YamlTree tree = new YamlTree(file, lines, newlines(text), report);
        try {
            return Optional.of(tree.convert(root, 0, what));
        } catch (TooDeep e) {
            report.add(Rule.YAML_SYNTAX, file, e.line, what + " nests more than " + MAX_DEPTH + " levels deep");
            return Optional.empty();
        }
    }

    private YNode convert(Node node, int depth, String what) {
        if (depth > MAX_DEPTH) {
            throw new TooDeep(line(node));
        }
        Node real = node instanceof AnchorNode a ? a.getRealNode() : node;
        YNode done = converted.get(real);
        if (done != null) {
            return done;
        }
        YNode result;
        if (real instanceof ScalarNode s) {
            result = scalar(s);
        } else if (real instanceof SequenceNode seq) {
            List<YNode> items = new ArrayList<>();
            for (Node child : seq.getValue()) {
                items.add(convert(child, depth + 1, what));
            }
            result = new YSeq(List.copyOf(items), line(real));
        } else if (real instanceof MappingNode map) {
            result = mapping(map, depth, what);
        } else {
            result = new YScalar("", line(real), true, false);
        }
        converted.put(real, result);
        return result;
    }

    private YMap mapping(MappingNode map, int depth, String what) {
        Map<String, YEntry> own = new LinkedHashMap<>();
        List<YMap> merged = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            Node keyNode = t.getKeyNode() instanceof AnchorNode a ? a.getRealNode() : t.getKeyNode();
            if (!(keyNode instanceof ScalarNode keyScalar)) {
                continue;
            }
            YScalar key = scalar(keyScalar);
            YNode value = convert(t.getValueNode(), depth + 1, what);
            if (key.value().equals("<<") && (keyScalar.isPlain() || Tag.MERGE.equals(keyScalar.getTag()))) {
                if (value instanceof YMap m) {
                    merged.add(m);
                } else if (value instanceof YSeq s) {
                    for (YNode item : s.items()) {
                        if (item instanceof YMap m) {
                            merged.add(m);
                        }
                    }
                }
                continue;
            }
            YEntry previous = own.get(key.value());
            if (previous != null) {
                report.add(Rule.YAML_DUPLICATE_KEY, file, key.line(), "the key '" + key.value() + "' is given again"
                        + " (first on line " + previous.key().line() + ") in " + what);
                continue;
            }
            own.put(key.value(), new YEntry(key, value));
        }
        List<YEntry> entries = new ArrayList<>(own.values());
        for (YMap m : merged) {
            for (YEntry e : m.entries()) {
                if (!own.containsKey(e.key().value())) {
                    own.put(e.key().value(), e);
                    entries.add(e);
                }
            }
        }
        return new YMap(List.copyOf(entries), line(map));
    }

    private YScalar scalar(ScalarNode s) {
        boolean isNull = Tag.NULL.equals(s.getTag())
                || (s.isPlain() && (s.getValue().isEmpty() || s.getValue().equals("~") || s.getValue().equals("null")
                        || s.getValue().equals("Null") || s.getValue().equals("NULL")));
        return new YScalar(isNull ? "" : s.getValue(), line(s), isNull, s.getScalarStyle() == ScalarStyle.LITERAL);
    }

    private int line(Node node) {
        return node.getStartMark().map(m -> lines.applyAsInt(lineOfIndex(newlines, m.getIndex())))
                .orElse(lines.applyAsInt(0));
    }

    private static String describe(MarkedYamlEngineException e) {
        String problem = e.getProblem();
        String context = e.getContext();
        String text = problem == null || problem.isBlank() ? String.valueOf(context) : problem;
        return firstLine(text);
    }

    private static String firstLine(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    private static final class TooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int line;

        TooDeep(int line) {
            super(null, null, false, false);
            this.line = line;
        }
    }
}
