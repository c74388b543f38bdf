package io.kestrastack.lint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The test resources of this module, read from {@code src/test/resources} (the module's directory). */
final class Fixtures {

    static final Path RESOURCES = Path.of("src", "test", "resources");
    static final Path RULES = RESOURCES.resolve("rules");
    static final Path GUIDES = RESOURCES.resolve("guides");

    private Fixtures() {}

    /** {@code file:line} of each finding of {@code rule}, with files relative to {@code root}, sorted. */
    static TreeSet<String> locations(List<Finding> findings, Rule rule, Path root) {
        return findings.stream().filter(f -> f.rule() == rule)
                .map(f -> root.relativize(Path.of(f.file())).toString().replace('\\', '/') + ":" + f.line())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The non-blank lines of a file. */
    static TreeSet<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty())
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of a file. */
    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
