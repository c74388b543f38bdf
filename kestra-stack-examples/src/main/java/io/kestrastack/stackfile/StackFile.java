package io.kestrastack.stackfile;

import io.kestrastack.Secret;
import io.kestrastack.Stack;
import io.kestrastack.StackConfigException;
import io.kestrastack.Violation;
import io.kestrastack.internal.Yaml;
import io.kestrastack.stackfile.Spec.Choice;
import io.kestrastack.stackfile.Spec.Edit;
import io.kestrastack.stackfile.Spec.Key;
import io.kestrastack.stackfile.Spec.Make;
import io.kestrastack.stackfile.Spec.Obj;
import io.kestrastack.stackfile.Spec.Scalar;
import io.kestrastack.stackfile.Spec.SecretList;
import io.kestrastack.stackfile.Spec.SecretValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a stack file: a YAML mapping whose keys are the options of the model's builders, with the same names
 * and the same validation ({@link StackFileKeys}).
 *
 * <pre>{@code
 * publicAddress: https://flows.example.com
 * kestra:
 *   basicAuth:
 *     username: admin@example.com
 * edge:
 *   kind: caddy
 *   tls:
 *     mode: acme
 * }</pre>
 *
 * <p>Every problem is reported at once, each with its dotted path: keys the model does not have (with the
 * closest valid key), values of the wrong type, missing required keys, and then every violation the builders
 * report for the values that were read.
 */
public final class StackFile {

    private final List<Violation> problems = new ArrayList<>();

    private StackFile() {}

    /**
     * The stack a file describes.
     *
     * @param yaml the file's text
     * @return the built stack
     * @throws StackConfigException with every problem of the file and of the stack it describes
     */
    public static Stack read(String yaml) {
        return builder(yaml).build();
    }

    /**
     * The builder a file describes, with every key applied, for callers that change it further (command-line
     * flags override the file this way, as edits of the parsed tree: see {@link #tree(String)}).
     *
     * @param yaml the file's text
     * @return a builder; its {@code build()} reports the model's violations
     * @throws StackConfigException with every problem of the file itself, and the model's violations
     */
    public static Stack.Builder builder(String yaml) {
        return builder(tree(yaml));
    }

    /**
     * The parsed file: an ordered tree of maps, lists and scalars.
     *
     * @param yaml the file's text
     * @return the tree (an empty map for an empty file)
     * @throws StackConfigException when the text is not YAML or not a mapping
     */
    public static Map<String, Object> tree(String yaml) {
        Object loaded;
        try {
            loaded = Yaml.load(yaml);
        } catch (RuntimeException e) { // snakeyaml-engine's YamlEngineException and its subclasses
            throw new StackConfigException(List.of(new Violation("", "invalid-yaml",
                    "the file is not valid YAML: " + firstLine(e.getMessage()), "fix the YAML syntax")));
        }
        if (loaded == null) {
            return new LinkedHashMap<>();
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new StackConfigException(List.of(new Violation("", "wrong-type", "the file is not a mapping of keys",
                    "start from `kestra-stack init`")));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /**
     * The builder a parsed tree describes.
     *
     * @param tree the parsed file, as from {@link #tree(String)}
     * @return a builder with every key applied
     * @throws StackConfigException when the file itself has problems; the model's violations are added to the
     *     same report
     */
    public static Stack.Builder builder(Map<String, Object> tree) {
        StackFile reader = new StackFile();
        Stack.Builder b = Stack.builder();
        reader.object(StackFileKeys.STACK, tree, "", b);
        if (!reader.problems.isEmpty()) {
            List<Violation> all = new ArrayList<>(reader.problems);
            try {
                b.build();
            } catch (StackConfigException e) {
                Set<String> seen = new LinkedHashSet<>();
                reader.problems.forEach(v -> seen.add(v.path() + " " + v.code()));
                for (Violation v : e.violations()) {
                    if (seen.add(v.path() + " " + v.code()) && !underProblem(reader.problems, v.path())) {
                        all.add(v);
                    }
                }
            } catch (RuntimeException e) {
                // a half-read file may leave a builder the model cannot check; the file's problems come first
            }
            throw new StackConfigException(all);
        }
        return b;
    }

    private static boolean underProblem(List<Violation> problems, String path) {
        return problems.stream().anyMatch(p -> !p.path().isEmpty()
                && (path.equals(p.path()) || path.startsWith(p.path() + ".")));
    }

    private static String firstLine(@Nullable String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").strip();
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private void problem(String path, String code, String message, String fix) {
        problems.add(new Violation(path, code, message, fix));
    }

    /** Reads {@code node} as the mapping {@code obj} into {@code target}; false when it had problems. */
    private <B> boolean object(Obj<B> obj, @Nullable Object node, String path, B target) {
        return object(obj, node, path, target, null);
    }

    private <B> boolean object(Obj<B> obj, @Nullable Object node, String path, B target, @Nullable String skip) {
        int before = problems.size();
        if (!(node instanceof Map<?, ?> map)) {
            problem(path, "wrong-type", "expected a mapping of keys, found " + describe(node),
                    "write the keys below " + (path.isEmpty() ? "the top" : path) + ", one per line");
            return false;
        }
        List<String> valid = obj.keys().stream().map(Key::name).toList();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (name.equals(skip)) {
                continue;
            }
            Key<B> key = obj.key(name).orElse(null);
            if (key == null) {
                List<String> candidates = new ArrayList<>(valid);
                if (skip != null) {
                    candidates.add(skip);
                }
                unknown(join(path, name), "key", name, candidates);
                continue;
            }
            value(key, e.getValue(), join(path, name), target);
        }
        for (Key<B> key : obj.keys()) {
            if (key.required() && !map.containsKey(key.name())) {
                problem(join(path, key.name()), "required", "the key " + key.name() + " is missing",
                        "add it: " + key.description());
            }
        }
        return problems.size() == before;
    }

    private void unknown(String path, String what, String name, List<String> valid) {
        String closest = closest(name, valid);
        problem(path, "unknown-" + what, "unknown " + what + " '" + name + "'; the closest valid " + what + " is '"
                + closest + "'", "use one of: " + String.join(", ", valid));
    }

    /** The valid name with the smallest edit distance to {@code name} (ignoring case), first on ties. */
    static String closest(String name, List<String> valid) {
        String best = valid.get(0);
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : valid) {
            int d = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <B> void value(Key<B> key, @Nullable Object node, String path, B target) {
        Spec.Value<B> value = key.value();
        if (value instanceof Scalar<B> scalar) {
            Object converted = scalar(scalar, node, path);
            if (converted != null) {
                scalar.apply().accept(target, converted);
            }
        } else if (value instanceof Edit edit) {
            Obj obj = edit.obj();
            edit.edit().accept(target, (java.util.function.Consumer<Object>) nested -> object(obj, node, path, nested));
        } else if (value instanceof Make make) {
            Object made = make.create().get();
            if (object(make.obj(), node, path, made)) {
                make.attach().accept(target, made);
            }
        } else if (value instanceof Choice<B> choice) {
            choice(choice, node, path, target);
        } else if (value instanceof SecretValue<B> secret) {
            Secret s = secret(secret.generator(), node, path);
            if (s != null) {
                secret.apply().accept(target, s);
            }
        } else if (value instanceof SecretList<B> list) {
            if (!(node instanceof List<?> items)) {
                problem(path, "wrong-type", "expected a list of secrets, found " + describe(node),
                        "write one '- variable: NAME' entry per secret");
                return;
            }
            for (int i = 0; i < items.size(); i++) {
                Secret s = secret(list.generator(), items.get(i), path + "[" + i + "]");
                if (s != null) {
                    list.add().accept(target, s);
                }
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <B> void choice(Choice<B> choice, @Nullable Object node, String path, B target) {
        if (!(node instanceof Map<?, ?> map)) {
            problem(path, "wrong-type", "expected a mapping with '" + choice.discriminator() + "', found "
                    + describe(node), "write " + choice.discriminator() + ": one of "
                    + String.join(", ", choice.variants().keySet()));
            return;
        }
        Object chosen = map.get(choice.discriminator());
        List<String> names = List.copyOf(choice.variants().keySet());
        if (!(chosen instanceof String name)) {
            problem(join(path, choice.discriminator()), chosen == null ? "required" : "wrong-type",
                    "the key " + choice.discriminator() + " must name one of " + String.join(", ", names),
                    "add " + choice.discriminator() + ": " + names.get(0));
            return;
        }
        Make variant = choice.variants().get(name);
        if (variant == null) {
            unknown(join(path, choice.discriminator()), "value", name, names);
            return;
        }
        Object made = variant.create().get();
        if (object(variant.obj(), node, path, made, choice.discriminator())) {
            variant.attach().accept(target, made);
        }
    }

    private @Nullable Secret secret(Spec.Generator generator, @Nullable Object node, String path) {
        if (!(node instanceof Map<?, ?> map)) {
            problem(path, "wrong-type", "expected a secret mapping {variable: NAME, value: ...}, found "
                    + describe(node), "write variable: NAME, and value: only to supply the value yourself (it is then"
                    + " stored in .env; leave it out to generate one)");
            return null;
        }
        int before = problems.size();
        for (Object k : map.keySet()) {
            String name = String.valueOf(k);
            if (!name.equals("variable") && !name.equals("value")) {
                unknown(join(path, name), "key", name, List.of("variable", "value"));
            }
        }
        Object variable = map.get("variable");
        Object value = map.get("value");
        if (variable == null) {
            problem(join(path, "variable"), "required", "the key variable is missing",
                    "name the .env variable that holds the secret, such as POSTGRES_PASSWORD");
        } else if (!(variable instanceof String)) {
            problem(join(path, "variable"), "wrong-type", "expected a string, found " + describe(variable),
                    "write an upper-case variable name");
        }
        if (value != null && !(value instanceof String)) {
            // never echo the value: it is a secret
            problem(join(path, "value"), "wrong-type", "expected a string", "quote the value");
        }
        if (problems.size() != before) {
            return null;
        }
        return value == null ? generator.generate((String) variable) : Secret.of((String) variable, (String) value);
    }

    private @Nullable Object scalar(Scalar<?> scalar, @Nullable Object node, String path) {
        switch (scalar.type()) {
            case STRING -> {
                if (!(node instanceof String s)) {
                    return wrongType(path, "a string", node);
                }
                if (!scalar.enumValues().isEmpty() && !scalar.enumValues().contains(s)) {
                    unknown(path, "value", s, scalar.enumValues());
                    return null;
                }
                return s;
            }
            case INTEGER -> {
                if (node instanceof Integer || node instanceof Long) {
                    return ((Number) node).longValue();
                }
                if (node instanceof BigInteger) {
                    problem(path, "out-of-range", "the number is too large", "use a smaller number");
                    return null;
                }
                return wrongType(path, "a whole number", node);
            }
            case NUMBER -> {
                if (node instanceof Integer || node instanceof Long || node instanceof Double) {
                    double d = ((Number) node).doubleValue();
                    if (Double.isFinite(d)) {
                        return d;
                    }
                }
                return wrongType(path, "a finite number", node);
            }
            case BOOLEAN -> {
                if (!(node instanceof Boolean)) {
                    return wrongType(path, "true or false", node);
                }
                return node;
            }
            case STRING_LIST -> {
                if (!(node instanceof List<?> list)) {
                    return wrongType(path, "a list of strings", node);
                }
                List<String> out = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    if (!(list.get(i) instanceof String s)) {
                        wrongType(path + "[" + i + "]", "a string", list.get(i));
                        return null;
                    }
                    out.add(s);
                }
                return out;
            }
            case STRING_MAP -> {
                if (!(node instanceof Map<?, ?> map)) {
                    return wrongType(path, "a mapping of names to strings", node);
                }
                Map<String, String> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getValue() instanceof String s)) {
                        wrongType(join(path, String.valueOf(e.getKey())), "a string", e.getValue());
                        return null;
                    }
                    out.put(String.valueOf(e.getKey()), s);
                }
                return out;
            }
            default -> throw new IllegalStateException(scalar.type().toString());
        }
    }

    private @Nullable Object wrongType(String path, String expected, @Nullable Object found) {
        problem(path, "wrong-type", "expected " + expected + ", found " + describe(found),
                found instanceof String ? "write it without quotes" : "quote text values");
        return null;
    }

    private static String describe(@Nullable Object node) {
        if (node == null) {
            return "nothing";
        }
        if (node instanceof Map) {
            return "a mapping";
        }
        if (node instanceof List) {
            return "a list";
        }
        if (node instanceof String) {
            return "a string";
        }
        if (node instanceof Boolean) {
            return "a boolean";
        }
        if (node instanceof Number) {
            return "a number";
        }
        return node.getClass().getSimpleName();
    }
}
