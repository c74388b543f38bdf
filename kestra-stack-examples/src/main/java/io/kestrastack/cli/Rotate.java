package io.kestrastack.cli;

import io.kestrastack.bundle.DockerComposeHost;
import io.kestrastack.bundle.SecretRotation;
import io.kestrastack.internal.Text;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code rotate NAME [--out DIR] [--force]}: rotates one generated secret of a written bundle against the Docker
 * host reached with {@code docker compose} in DIR, or writes {@code ROTATE.md} when it cannot be reached. Exit 0
 * when the new value is in effect, 1 when it is not (a failure, or only {@code ROTATE.md} written), 2 for usage.
 */
final class Rotate {

    static final String USAGE = "rotate NAME [--out DIR] [--force]";

    private final PrintStream out;
    private final PrintStream err;

    Rotate(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws UsageException {
        Options o = Options.parse(args, Set.of("--out"), Set.of("--force"));
        Path dir = Path.of(o.value("--out", "kestra-stack"));
        SecretRotation rotation;
        try {
            rotation = SecretRotation.of(dir);
        } catch (SecretRotation.RotationException e) {
            if (o.positional().size() != 1) {
                throw new UsageException("rotate takes exactly one secret name (" + e.getMessage() + ")");
            }
            err.println("kestra-stack: " + Text.printable(String.valueOf(e.getMessage())));
            return Main.PROBLEMS;
        }
        if (o.positional().size() != 1) {
            throw new UsageException("rotate takes exactly one secret name; rotatable in " + dir + ": " + String.join(", ",
                    rotation.rotatable().stream().map(SecretRotation.Rotatable::name).toList()));
        }
        String name = o.positional().get(0);
        try {
            SecretRotation.Outcome outcome = rotation.rotate(name, DockerComposeHost.in(dir), o.flag("--force"));
            for (String step : outcome.steps()) {
                out.println(Text.printable(step));
            }
            if (!outcome.applied()) {
                err.println("kestra-stack: " + name + " is not rotated yet: run the steps of "
                        + outcome.guide().map(Path::toString).orElse("ROTATE.md") + " on the Docker host");
                return Main.PROBLEMS;
            }
            out.println(name + " rotated");
            return Main.OK;
        } catch (SecretRotation.RotationException e) {
            if (e.usage()) {
                throw new UsageException(e.getMessage());
            }
            // the message's own lines; command output inside it was made printable (one line) by the rotation
            String prefix = "kestra-stack: ";
            for (String line : String.valueOf(e.getMessage()).split("\n")) {
                err.println(prefix + Text.printable(line));
                prefix = "  ";
            }
            return Main.PROBLEMS;
        }
    }
}
