package io.kestrastack.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Parses {@code --name value}, {@code --name=value} and {@code --flag} options and positional arguments. */
final class Options {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> flags = new ArrayList<>();
    private final List<String> positional = new ArrayList<>();

    private Options() {}

    /**
     * Parses {@code args}; {@code valued} are the options that take a value, {@code flagNames} those that don't.
     *
     * @throws UsageException for unknown options, missing values or repeated options
     */
    static Options parse(List<String> args, Set<String> valued, Set<String> flagNames) throws UsageException {
        Options o = new Options();
        boolean onlyPositional = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (onlyPositional || !arg.startsWith("--")) {
                o.positional.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                onlyPositional = true;
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (flagNames.contains(name)) {
                if (value != null) {
                    throw new UsageException(name + " takes no value");
                }
                o.flags.add(name);
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (o.values.put(name, value) != null) {
                    throw new UsageException(name + " is given twice");
                }
            } else {
                throw new UsageException("unknown option " + name);
            }
        }
        return o;
    }

    @Nullable String value(String name) {
        return values.get(name);
    }

    String value(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    List<String> positional() {
        return positional;
    }
}
