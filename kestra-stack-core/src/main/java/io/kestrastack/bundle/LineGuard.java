package io.kestrastack.bundle;

import io.kestrastack.ImageRef;
import io.kestrastack.Stack;
import io.kestrastack.StackConfigException;
import io.kestrastack.Violation;
import io.kestrastack.render.RenderedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses to regenerate a bundle across a one-way Kestra line change.
 *
 * <p>Open-source Kestra migrates its database at {@code server standalone} start, and the 2.0 migration is
 * one-way (basic-auth password rehash, dropped tables, rebuilt queue); 2.0 also requires running 1.3.x
 * first (Kestra docs, migration guide v2.0.0). So a bundle records the Kestra image it deploys in
 * {@value #PATH}, written with the rest of the bundle, and the next write refuses a downgrade to an
 * earlier line and a jump from before 1.3 to 2.x, unless explicitly allowed.
 */
final class LineGuard {

    /** The record of the deployed Kestra image, beside the manifest. */
    static final String PATH = BundleWriter.STATE_DIR + "/kestra-version";

    private static final Pattern VERSION = Pattern.compile("v?([0-9]{1,4})(?:\\.([0-9]{1,4}))?(?:[.-].*)?");

    private LineGuard() {}

    /** The record for {@code stack}. */
    static RenderedFile record(Stack stack) {
        ImageRef image = stack.kestra().image();
        return RenderedFile.of(PATH, String.join("\n",
                "# Written by kestra-stack: the Kestra image this bundle deploys. Kestra's migrations are one-way,",
                "# so regenerating for an earlier line, or from before 1.3 straight to 2.x, is refused.",
                "image=" + image.reference(),
                "line=" + stack.line().major(),
                minor(image).isPresent() ? "minor=" + minor(image).getAsInt() : "minor=unknown",
                ""));
    }

    /**
     * Checks a write of {@code stack} into {@code dir} against the line recorded there.
     *
     * @throws StackConfigException when the change is one-way and not allowed
     */
    static void check(Path dir, Stack stack, boolean allowLineChange) {
        if (allowLineChange) {
            return;
        }
        Path file = dir.resolve(PATH);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + PATH + " in " + dir + " failed", e);
        }
        OptionalInt previousMajor = value(lines, "line");
        if (previousMajor.isEmpty()) {
            return;
        }
        String previousImage = lines.stream().filter(l -> l.startsWith("image=")).map(l -> l.substring(6))
                .filter(s -> ImageRef.tryParse(s).isPresent()).findFirst().orElse("an earlier Kestra");
        int major = stack.line().major();
        OptionalInt previousMinor = value(lines, "minor");
        String override = "to go ahead anyway (after restoring a matching backup), pass --allow-line-change or call"
                + " StackBundle.allowLineChange()";
        String backup = "back up the database and the storage volume first (BACKUP.md)";
        if (major < previousMajor.getAsInt()) {
            throw new StackConfigException(List.of(new Violation("kestra.image", "line-downgrade",
                    "this bundle deploys " + previousImage + "; going back to Kestra " + major + ".x is not possible on"
                            + " the same database, whose " + previousMajor.getAsInt() + ".x migration is one-way",
                    "keep a " + previousMajor.getAsInt() + ".x image, or restore a backup taken before the upgrade into"
                            + " a fresh database; " + override)));
        }
        if (previousMajor.getAsInt() == 1 && major >= 2 && previousMinor.isPresent() && previousMinor.getAsInt() < 3) {
            throw new StackConfigException(List.of(new Violation("kestra.image", "upgrade-skips-1.3",
                    "this bundle deploys " + previousImage + "; Kestra 2.x must be reached through 1.3.x, whose start"
                            + " runs the migrations 2.x expects",
                    backup + ", deploy kestra/kestra:v1.3.x and let it start once, then 2.x; " + override)));
        }
    }

    private static OptionalInt value(List<String> lines, String key) {
        for (String line : lines) {
            if (line.startsWith(key + "=") && line.substring(key.length() + 1).matches("[0-9]{1,4}")) {
                return OptionalInt.of(Integer.parseInt(line.substring(key.length() + 1)));
            }
        }
        return OptionalInt.empty();
    }

    private static OptionalInt minor(ImageRef image) {
        Optional<String> tag = Optional.ofNullable(image.tag());
        if (tag.isEmpty()) {
            return OptionalInt.empty();
        }
        Matcher m = VERSION.matcher(tag.get());
        return m.matches() && m.group(2) != null ? OptionalInt.of(Integer.parseInt(m.group(2))) : OptionalInt.empty();
    }
}
