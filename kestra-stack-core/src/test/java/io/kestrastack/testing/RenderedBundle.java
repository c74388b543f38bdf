package io.kestrastack.testing;

import io.kestrastack.Stack;
import io.kestrastack.internal.Yaml;
import io.kestrastack.render.ComposeRenderer;
import io.kestrastack.render.EnvRenderer;
import io.kestrastack.render.KestraConfigRenderer;
import io.kestrastack.render.RenderedFile;
import io.kestrastack.render.StackRenderer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of one rendered stack, with readers for what the containers will see: the Compose project as
 * Compose v2 resolves it, and the Kestra configuration as Kestra reads it (from {@code KESTRA_CONFIGURATION}
 * or from the mounted file), with its {@code ${VARIABLE}} placeholders resolved against the Kestra
 * container's environment the way Micronaut does for plain names.
 */
public final class RenderedBundle {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}");

    private final List<RenderedFile> files;

    private RenderedBundle(List<RenderedFile> files) {
        this.files = List.copyOf(files);
    }

    /** Renders {@code stack} with {@link StackRenderer}. */
    public static RenderedBundle of(Stack stack) {
        return new RenderedBundle(StackRenderer.render(stack));
    }

    /** Wraps already rendered files. */
    public static RenderedBundle of(List<RenderedFile> files) {
        return new RenderedBundle(files);
    }

    /** The files, in rendering order. */
    public List<RenderedFile> files() {
        return files;
    }

    /** The paths, in rendering order. */
    public List<String> paths() {
        return files.stream().map(RenderedFile::path).toList();
    }

    /** The file at {@code path}, if rendered. */
    public Optional<RenderedFile> find(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    /** The text of the file at {@code path}; fails if it was not rendered. */
    public String text(String path) {
        return find(path).orElseThrow(() -> new AssertionError("no rendered file " + path + " in " + paths())).content();
    }

    /** {@code docker-compose.yml} and {@code .env} read back as Compose v2 would, with no shell variables. */
    public ComposeProject compose() {
        return ComposeProject.read(text(ComposeRenderer.PATH), find(EnvRenderer.PATH).map(RenderedFile::content).orElse(""));
    }

    /**
     * The Kestra configuration exactly as the Kestra container receives it, before Micronaut resolves
     * placeholders: the interpolated {@code KESTRA_CONFIGURATION}, or the mounted file (which Compose does
     * not interpolate).
     */
    public Map<String, Object> kestraConfigText(String kestraService) {
        Map<String, String> env = compose().environment(kestraService);
        String text = env.containsKey("KESTRA_CONFIGURATION") ? env.get("KESTRA_CONFIGURATION")
                : text(KestraConfigRenderer.PATH);
        return asMap(Yaml.load(text), "Kestra configuration");
    }

    /**
     * The Kestra configuration with every {@code ${NAME}} replaced by the Kestra container's environment
     * variable {@code NAME}.
     *
     * @throws AssertionError if a placeholder names a variable the container does not have
     */
    public Map<String, Object> kestraConfigResolved(String kestraService) {
        Map<String, String> env = compose().environment(kestraService);
        return asMap(resolve(kestraConfigText(kestraService), env), "Kestra configuration");
    }

    /** Looks up a dotted path ({@code kestra.url}) in a configuration tree. */
    public static Optional<Object> at(Map<String, Object> tree, String dottedPath) {
        Object node = tree;
        for (String key : dottedPath.split("\\.")) {
            if (!(node instanceof Map<?, ?> m) || !m.containsKey(key)) {
                return Optional.empty();
            }
            node = m.get(key);
        }
        return Optional.ofNullable(node);
    }

    private static Object resolve(Object node, Map<String, String> env) {
        if (node instanceof String s) {
            Matcher m = PLACEHOLDER.matcher(s);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = env.get(m.group(1));
                if (value == null) {
                    throw new AssertionError("placeholder ${" + m.group(1) + "} has no variable in the Kestra container");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return out.toString();
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : resolve(v, env)));
            return Collections.unmodifiableMap(out);
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(v == null ? null : resolve(v, env)));
            return Collections.unmodifiableList(out);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o, String what) {
        if (!(o instanceof Map)) {
            throw new AssertionError(what + " is not a mapping");
        }
        return (Map<String, Object>) o;
    }
}
