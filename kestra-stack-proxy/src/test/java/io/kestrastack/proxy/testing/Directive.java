package io.kestrastack.proxy.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One directive of a parsed Caddyfile or nginx configuration: its name, its arguments exactly as the real
 * parser would read them, and its block (null when it has none).
 *
 * @param name the first token
 * @param args the following tokens of the directive
 * @param block the directives inside its braces, or null
 * @param line the 1-based line of its first token
 */
public record Directive(String name, List<String> args, @Nullable List<Directive> block, int line) {

    public Directive {
        args = List.copyOf(args);
        block = block == null ? null : List.copyOf(block);
    }

    /** The block's directives, or an empty list. */
    public List<Directive> children() {
        return block == null ? List.of() : block;
    }

    /** Children named {@code name}. */
    public List<Directive> all(String name) {
        return children().stream().filter(d -> d.name.equals(name)).toList();
    }

    /** The only child named {@code name}, if there is exactly one. */
    public Optional<Directive> one(String name) {
        List<Directive> found = all(name);
        if (found.size() > 1) {
            throw new AssertionError("more than one '" + name + "' in '" + this.name + "' at line " + line);
        }
        return found.stream().findFirst();
    }

    /** The first argument. */
    public String arg() {
        if (args.isEmpty()) {
            throw new AssertionError("'" + name + "' at line " + line + " has no argument");
        }
        return args.get(0);
    }

    /** Every directive below this one (depth first, not including this one) that matches. */
    public List<Directive> find(Predicate<Directive> test) {
        List<Directive> out = new ArrayList<>();
        for (Directive d : children()) {
            if (test.test(d)) {
                out.add(d);
            }
            out.addAll(d.find(test));
        }
        return out;
    }

    /** How many directives the tree below holds. */
    public int size() {
        int n = 0;
        for (Directive d : children()) {
            n += 1 + d.size();
        }
        return n;
    }

    /** A root holding top-level directives. */
    public static Directive root(List<Directive> top) {
        return new Directive("", List.of(), top, 0);
    }
}
