package io.kestrastack.cli;

import io.kestrastack.stackfile.StackFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code init}: writes a commented starting stack file for {@code generate --from}. */
final class Init {

    private final PrintStream out;

    Init(PrintStream out) {
        this.out = out;
    }

    /** The starting file: a local stack with Caddy, every other option shown in comments. */
    static String starter() {
        try (InputStream in = StackFile.class.getResourceAsStream("starter.yaml")) {
            if (in == null) {
                throw new IllegalStateException("starter.yaml is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int run(List<String> args) throws UsageException {
        Options o = Options.parse(args, Set.of(), Set.of("--force"));
        if (o.positional().size() > 1) {
            throw new UsageException("init takes at most one file name (got " + o.positional().size() + ")");
        }
        Path file = Path.of(o.positional().isEmpty() ? "stack.yaml" : o.positional().get(0));
        if (Files.exists(file) && !o.flag("--force")) {
            throw new UsageException(file + " exists; pass --force to overwrite it");
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, starter(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        out.println("Wrote " + file + ". Edit it, then run: kestra-stack generate --from " + file);
        return Main.OK;
    }
}
