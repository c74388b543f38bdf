package io.kestrastack.testing;

import io.kestrastack.render.RenderedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;

/**
 * Golden files: the expected text of every rendered file of a case, kept under
 * {@code src/test/resources/golden/<case>/<path>} of the module that runs the test.
 *
 * <p>Run the tests with {@code -Dkestra-stack.update-goldens=true} to rewrite the golden files from the
 * current output instead of comparing (then review the diff before committing).
 */
public final class Goldens {

    /** The system property that switches to rewriting. */
    public static final String UPDATE_PROPERTY = "kestra-stack.update-goldens";

    private Goldens() {}

    /** The directory of {@code caseName} in the current module. */
    public static Path directory(String caseName) {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(basedir, "src", "test", "resources", "golden", caseName);
    }

    /**
     * Asserts that the case's golden directory holds exactly {@code files}, byte for byte, and nothing else.
     */
    public static void assertMatches(String caseName, List<RenderedFile> files) {
        Path dir = directory(caseName);
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            write(dir, files);
        }
        List<String> expectedPaths = list(dir);
        List<String> actualPaths = files.stream().map(RenderedFile::path).sorted().toList();
        Assertions.assertEquals(expectedPaths, actualPaths, "files of golden case " + caseName + " (" + dir + ")");
        for (RenderedFile f : files) {
            String expected = read(dir.resolve(f.path()));
            Assertions.assertEquals(expected, f.content(), "golden " + caseName + "/" + f.path()
                    + " differs; rerun with -D" + UPDATE_PROPERTY + "=true to accept the new output");
        }
    }

    private static void write(Path dir, List<RenderedFile> files) {
        BundleDir.delete(dir);
        try {
            for (RenderedFile f : files) {
                Path target = dir.resolve(f.path());
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.content(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("no golden directory " + dir + "; create it with -D" + UPDATE_PROPERTY + "=true");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<String> out = new ArrayList<>();
            walk.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString().replace('\\', '/')));
            return out.stream().sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
