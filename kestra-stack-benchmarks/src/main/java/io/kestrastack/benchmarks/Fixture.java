package io.kestrastack.benchmarks;

import io.kestrastack.Stack;
import io.kestrastack.bundle.StackBundle;
import io.kestrastack.render.ComposeRenderer;
import io.kestrastack.render.KestraConfigRenderer;
import io.kestrastack.render.RenderedFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Everything a benchmark needs about one stack, prepared outside the measured code: the unbuilt builder,
 * the built stack, its bundle's files as a path-to-content map (what lint reads), the YAML trees the
 * bundle dumps (what the render floor dumps) and the YAML texts lint parses (what the lint floor parses).
 */
public final class Fixture {

    /** The settings kestra-stack's own dumper uses, so the floor does the same YAML work as the renderers. */
    public static final DumpSettings DUMP_SETTINGS = io.kestrastack.internal.Yaml.settings();

    /** The load settings kestra-stack-lint reads YAML with. */
    public static final LoadSettings LOAD_SETTINGS = LoadSettings.builder()
            .setAllowDuplicateKeys(true)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(100)
            .setCodePointLimit(4 * 1024 * 1024)
            .build();

    private final String name;
    private final Stack.Builder builder;
    private final Stack stack;
    private final StackBundle bundle;
    private final Map<String, String> files;
    private final List<Map<String, Object>> yamlTrees;
    private final List<String> lintYamlTexts;

    private Fixture(String name) {
        this.name = name;
        this.builder = Stacks.named(name);
        this.stack = builder.build();
        this.bundle = StackBundle.of(stack);
        Map<String, String> byPath = new LinkedHashMap<>();
        for (RenderedFile f : bundle.files()) {
            byPath.put(f.path(), f.content());
        }
        this.files = Collections.unmodifiableMap(byPath);
        this.yamlTrees = List.copyOf(yamlTrees(stack, files));
        this.lintYamlTexts = List.of(files.get(ComposeRenderer.PATH), new KestraConfigRenderer().yaml(stack));
    }

    /** Prepares the stack named {@code name} ({@link Stacks#MINIMAL} or {@link Stacks#FULL}). */
    public static Fixture of(String name) {
        return new Fixture(name);
    }

    /** The stack's name. */
    public String name() {
        return name;
    }

    /** The unbuilt builder; {@code build()} on it is what "validation" measures. It may be built many times. */
    public Stack.Builder builder() {
        return builder;
    }

    /** The built stack. */
    public Stack stack() {
        return stack;
    }

    /** The bundle of the built stack, rendered once. */
    public StackBundle bundle() {
        return bundle;
    }

    /** The bundle's files, relative path to content, in bundle order. */
    public Map<String, String> files() {
        return files;
    }

    /**
     * One tree per YAML document a bundle render dumps, in the order it dumps them: the Kestra
     * configuration (built by {@link KestraConfigRenderer#tree}, whether it ends up inline or in its own
     * file), then every other {@code .yml}/{@code .yaml} file of the bundle, loaded back from its rendered
     * text (Compose, with an inline configuration already a string in it; the smoke-test flow).
     */
    public List<Map<String, Object>> yamlTrees() {
        return yamlTrees;
    }

    /**
     * The YAML texts lint parses in this bundle: the Compose file and the Kestra configuration (inline in
     * {@code KESTRA_CONFIGURATION} or in its own file). Lint only sniffs the smoke-test flow with a regular
     * expression.
     */
    public List<String> lintYamlTexts() {
        return lintYamlTexts;
    }

    /**
     * What the lint floor measures: snakeyaml-engine composing each text into a node graph with marks (what
     * a linter needs to report lines), with lint's own load settings, and nothing else.
     */
    public static List<Node> composeAll(List<String> texts) {
        List<Node> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            out.add(new Composer(LOAD_SETTINGS, new ParserImpl(LOAD_SETTINGS, new StreamReader(LOAD_SETTINGS, text)))
                    .getSingleNode().orElseThrow());
        }
        return out;
    }

    /** What the floor measures: snakeyaml-engine dumping each tree, with a new dumper per document as the renderers do. */
    public static List<String> dumpAll(List<Map<String, Object>> trees) {
        List<String> out = new ArrayList<>(trees.size());
        for (Map<String, Object> tree : trees) {
            out.add(new Dump(DUMP_SETTINGS, new StandardRepresenter(DUMP_SETTINGS)).dumpToString(tree));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> yamlTrees(Stack stack, Map<String, String> files) {
        List<Map<String, Object>> trees = new ArrayList<>();
        trees.add(new KestraConfigRenderer().tree(stack));
        Load load = new Load(LoadSettings.builder().build());
        for (Map.Entry<String, String> f : files.entrySet()) {
            String path = f.getKey();
            if ((path.endsWith(".yml") || path.endsWith(".yaml")) && !path.equals(KestraConfigRenderer.PATH)) {
                trees.add((Map<String, Object>) load.loadFromString(f.getValue()));
            }
        }
        return trees;
    }
}
