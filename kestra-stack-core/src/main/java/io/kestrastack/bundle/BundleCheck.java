package io.kestrastack.bundle;

import io.kestrastack.Violation;
import io.kestrastack.internal.DotEnv;
import io.kestrastack.internal.Yaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a bundle directory back and reports what would stop it from running as generated: missing
 * files, an interrupted write, variables the compose file needs but {@code .env} lacks, a {@code .env}
 * others can read, unreadable files. Files edited since generation are reported separately, as notes.
 */
public final class BundleCheck {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:[:?+-][^}]*)?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    /**
     * The outcome of a check.
     *
     * @param problems what is wrong, each with a file as its path
     * @param edited files changed by hand since kestra-stack wrote them (not problems)
     */
    public record Result(List<Violation> problems, List<String> edited) {
        public Result {
            problems = List.copyOf(problems);
            edited = List.copyOf(edited);
        }
    }

    /** Largest file read: generated files are a few KiB. */
    static final long MAX_FILE_BYTES = 4L << 20;

    private BundleCheck() {}

    /** Checks the bundle in {@code dir}. Reads only; never writes. */
    public static Result check(Path dir) {
        List<Violation> problems = new ArrayList<>();
        List<String> edited = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            problems.add(new Violation(dir.toString(), "not-a-directory", "no bundle directory here",
                    "give the directory that `generate` wrote"));
            return new Result(problems, edited);
        }
        if (BundleWriter.interrupted(dir)) {
            problems.add(new Violation(BundleWriter.STATE_DIR, "interrupted-write",
                    "a write of this bundle was interrupted", "run generate again; it finishes or undoes the interrupted write"));
        }
        String compose = read(dir, "docker-compose.yml", problems);
        String env = read(dir, ".env", problems);
        if (compose != null) {
            Set<String> referenced = new LinkedHashSet<>();
            try {
                collectReferences(Yaml.load(compose), referenced);
            } catch (io.kestrastack.internal.BoundedYamlParser.LimitExceeded e) {
                problems.add(new Violation("docker-compose.yml", "limit-exceeded", "the file has " + e.getMessage(),
                        "regenerate the file; no Compose file of a stack comes near this limit"));
            } catch (RuntimeException e) {
                problems.add(new Violation("docker-compose.yml", "invalid-yaml", "not valid YAML: "
                        + firstLine(e.getMessage()), "regenerate the file or fix the YAML"));
            }
            if (env != null) {
                DotEnv.Result parsed = DotEnv.parse(env);
                for (DotEnv.Problem p : parsed.problems()) {
                    problems.add(new Violation(".env", "unreadable-env", "line " + p.line() + ": " + p.message(),
                            "fix that line"));
                }
                Map<String, String> values = parsed.values();
                for (String name : referenced) {
                    if (!values.containsKey(name)) {
                        problems.add(new Violation(".env", "missing-variable",
                                "docker-compose.yml uses ${" + name + "} but .env does not set it",
                                "run generate again to add it, or add " + name + "=... by hand"));
                    } else if (values.get(name).isEmpty()) {
                        problems.add(new Violation(".env", "empty-variable", DotEnv.printableName(name) + " is empty",
                                "give it a value"));
                    }
                }
                checkPrivate(dir.resolve(".env"), problems);
            }
        }
        Map<String, String> manifest = BundleWriter.readManifest(dir).current();
        for (Map.Entry<String, String> e : manifest.entrySet()) {
            Path file;
            try {
                file = Confined.resolve(dir, e.getKey());
            } catch (IOException ex) {
                problems.add(new Violation(e.getKey(), "outside-bundle", ex.getMessage(),
                        "replace the symbolic link by a real directory, then run generate again"));
                continue;
            }
            if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                problems.add(new Violation(e.getKey(), "missing-file", "a generated file is missing",
                        "run generate again to restore it"));
                continue;
            }
            try {
                if (!BundleWriter.sha256(Files.readString(file, StandardCharsets.UTF_8)).equals(e.getValue())) {
                    edited.add(e.getKey());
                }
            } catch (IOException ex) {
                problems.add(new Violation(e.getKey(), "unreadable", "cannot read the file", "check its permissions"));
            }
        }
        return new Result(problems, edited);
    }

    private static void collectReferences(Object node, Set<String> out) {
        if (node instanceof Map<?, ?> map) {
            for (Object v : map.values()) {
                collectReferences(v, out);
            }
        } else if (node instanceof List<?> list) {
            for (Object v : list) {
                collectReferences(v, out);
            }
        } else if (node instanceof String s) {
            Matcher m = REFERENCE.matcher(s.replace("$$", ""));
            while (m.find()) {
                out.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
    }

    private static void checkPrivate(Path env, List<Violation> problems) {
        PosixFileAttributeView view = Files.getFileAttributeView(env, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        try {
            Set<PosixFilePermission> perms = view.readAttributes().permissions();
            for (PosixFilePermission p : perms) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    problems.add(new Violation(".env", "readable-secrets", "others can read .env",
                            "chmod 600 .env"));
                    return;
                }
            }
        } catch (IOException e) {
            problems.add(new Violation(".env", "unreadable", "cannot read the permissions of .env", "check the file"));
        }
    }

    private static @org.jspecify.annotations.Nullable String read(Path dir, String name, List<Violation> problems) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            problems.add(new Violation(name, "missing-file", name + " is missing", "run generate to write the bundle"));
            return null;
        }
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                problems.add(new Violation(name, "limit-exceeded", name + " is larger than " + (MAX_FILE_BYTES >> 20)
                        + " MiB, over the limit kestra-stack reads", "regenerate the file"));
                return null;
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(new Violation(name, "unreadable", "cannot read " + name + " as UTF-8 text", "check the file"));
            return null;
        }
    }

    private static String firstLine(@org.jspecify.annotations.Nullable String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
