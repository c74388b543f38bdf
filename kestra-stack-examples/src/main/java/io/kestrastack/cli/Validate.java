package io.kestrastack.cli;

import io.kestrastack.Violation;
import io.kestrastack.bundle.BundleCheck;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code validate DIR}: reads a generated directory back and reports problems. */
final class Validate {

    private final PrintStream out;
    private final PrintStream err;

    Validate(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws UsageException {
        Options o = Options.parse(args, Set.of(), Set.of());
        if (o.positional().size() != 1) {
            throw new UsageException("validate takes exactly one directory");
        }
        Path dir = Path.of(o.positional().get(0));
        BundleCheck.Result result = BundleCheck.check(dir);
        List<Violation> problems = new ArrayList<>(result.problems());
        problems.addAll(LintCommand.lintDirectoryAsViolations(dir));
        for (String edited : result.edited()) {
            out.println("note: " + edited + " was edited since kestra-stack wrote it");
        }
        if (!problems.isEmpty()) {
            Main.printViolations(err, problems);
            return Main.PROBLEMS;
        }
        out.println(dir + ": no problems found");
        return Main.OK;
    }
}
