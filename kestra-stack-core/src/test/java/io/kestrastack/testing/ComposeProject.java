package io.kestrastack.testing;

import io.kestrastack.internal.Yaml;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A rendered {@code docker-compose.yml} read back the way Compose v2 reads it: the YAML is loaded
 * (YAML 1.2 core schema, duplicate keys refused), the project's {@code .env} is parsed with
 * {@link DotEnv}, and every string value (not the keys) is interpolated with {@link ComposeTemplate},
 * the shell environment taking precedence over {@code .env}.
 *
 * <p>Accessors fail with a clear message when the document does not have the expected shape, so tests
 * can use them as assertions.
 */
public final class ComposeProject {

    private final Map<String, Object> root;
    private final Map<String, String> dotEnv;
    private final Set<String> missing;

    private ComposeProject(Map<String, Object> root, Map<String, String> dotEnv, Set<String> missing) {
        this.root = root;
        this.dotEnv = dotEnv;
        this.missing = missing;
    }

    /** Reads a project with an empty shell environment. */
    public static ComposeProject read(String composeYaml, String dotEnvText) {
        return read(composeYaml, dotEnvText, Map.of());
    }

    /**
     * Reads a project.
     *
     * @param composeYaml the text of {@code docker-compose.yml}
     * @param dotEnvText the text of {@code .env} (empty if there is none)
     * @param shell the shell environment Compose would run in
     */
    public static ComposeProject read(String composeYaml, String dotEnvText, Map<String, String> shell) {
        Set<String> missing = new LinkedHashSet<>();
        ComposeTemplate.Lookup shellLookup = name -> Optional.ofNullable(shell.get(name));
        Map<String, String> env = DotEnv.parse(dotEnvText, shellLookup, missing::add);
        ComposeTemplate.Lookup lookup = name -> {
            String fromShell = shell.get(name);
            return Optional.ofNullable(fromShell != null ? fromShell : env.get(name));
        };
        Object loaded = Yaml.load(composeYaml);
        if (!(loaded instanceof Map)) {
            throw new AssertionError("docker-compose.yml is not a mapping");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) interpolate(loaded, lookup, missing);
        return new ComposeProject(root, env, Collections.unmodifiableSet(missing));
    }

    private static Object interpolate(Object node, ComposeTemplate.Lookup lookup, Set<String> missing) {
        if (node instanceof String s) {
            return ComposeTemplate.substitute(s, lookup, missing::add);
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(String.valueOf(e.getKey()), e.getValue() == null ? null : interpolate(e.getValue(), lookup, missing));
            }
            return Collections.unmodifiableMap(out);
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                out.add(item == null ? null : interpolate(item, lookup, missing));
            }
            return Collections.unmodifiableList(out);
        }
        return node;
    }

    /** The interpolated document. */
    public Map<String, Object> root() {
        return root;
    }

    /** The variables read from {@code .env}. */
    public Map<String, String> dotEnv() {
        return dotEnv;
    }

    /** Variables referenced but set neither in the shell nor in {@code .env} (Compose warns about each). */
    public Set<String> missingVariables() {
        return missing;
    }

    /** The top-level {@code name}, if present. */
    public Optional<String> name() {
        return Optional.ofNullable((String) root.get("name"));
    }

    /** Service names in file order. */
    public List<String> serviceNames() {
        return List.copyOf(map(root, "services", "services").keySet());
    }

    /** One service's (interpolated) definition. */
    public Map<String, Object> service(String name) {
        return map(map(root, "services", "services"), name, "services." + name);
    }

    /**
     * The environment a service's container gets, as strings. Only string values are accepted: a number
     * or boolean here means a YAML reader could have changed the text (for example {@code 010}).
     */
    public Map<String, String> environment(String service) {
        Object env = service(service).get("environment");
        Map<String, String> out = new LinkedHashMap<>();
        if (env == null) {
            return out;
        }
        if (env instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getValue() instanceof String value)) {
                    throw new AssertionError("services." + service + ".environment." + e.getKey()
                            + " is not a string but " + (e.getValue() == null ? "null" : e.getValue().getClass().getSimpleName()));
                }
                out.put(String.valueOf(e.getKey()), value);
            }
            return out;
        }
        if (env instanceof List<?> list) {
            for (Object item : list) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                if (eq < 0) {
                    throw new AssertionError("services." + service + ".environment item without '=': " + s);
                }
                out.put(s.substring(0, eq), s.substring(eq + 1));
            }
            return out;
        }
        throw new AssertionError("services." + service + ".environment is neither a mapping nor a list");
    }

    /**
     * The services {@code service} waits for, with their conditions ({@code service_started} for the short
     * list form, as Compose reads it).
     */
    public Map<String, String> dependsOn(String service) {
        Object deps = service(service).get("depends_on");
        Map<String, String> out = new LinkedHashMap<>();
        if (deps instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object condition = e.getValue() instanceof Map<?, ?> d ? d.get("condition") : null;
                out.put(String.valueOf(e.getKey()), condition == null ? "service_started" : String.valueOf(condition));
            }
        } else if (deps instanceof List<?> list) {
            list.forEach(d -> out.put(String.valueOf(d), "service_started"));
        } else if (deps != null) {
            throw new AssertionError("services." + service + ".depends_on has an unexpected shape");
        }
        return out;
    }

    /** The published ports of a service, as written (short syntax strings). */
    public List<String> ports(String service) {
        Object ports = service(service).get("ports");
        List<String> out = new ArrayList<>();
        if (ports instanceof List<?> list) {
            for (Object p : list) {
                if (!(p instanceof String s)) {
                    throw new AssertionError("services." + service + ".ports item is not a string: " + p);
                }
                out.add(s);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key, String path) {
        Object value = parent.get(key);
        if (!(value instanceof Map)) {
            throw new AssertionError(path + " is missing or not a mapping");
        }
        return (Map<String, Object>) value;
    }
}
