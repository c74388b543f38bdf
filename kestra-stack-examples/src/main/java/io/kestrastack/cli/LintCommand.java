package io.kestrastack.cli;

import io.kestrastack.Violation;
import io.kestrastack.lint.Finding;
import io.kestrastack.lint.Findings;
import io.kestrastack.lint.StackLint;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code lint [--format text|json] PATH...}: checks existing stack files; exit 1 on findings. */
final class LintCommand {

    private final PrintStream out;

    LintCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    int run(List<String> args) throws UsageException {
        Options o = Options.parse(args, Set.of("--format"), Set.of());
        String format = o.value("--format", "text");
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageException("--format must be text or json");
        }
        if (o.positional().isEmpty()) {
            throw new UsageException("lint needs at least one file or directory");
        }
        List<Path> paths = new ArrayList<>();
        for (String p : o.positional()) {
            paths.add(Path.of(p));
        }
        List<Finding> findings = StackLint.lintPaths(paths);
        if (format.equals("json")) {
            out.println(Findings.toJson(findings));
        } else {
            out.print(Findings.toText(findings));
        }
        return findings.isEmpty() ? Main.OK : Main.PROBLEMS;
    }

    /** The lint findings of a directory, as violations named {@code file:line} with the rule id as code. */
    static List<Violation> lintDirectoryAsViolations(Path dir) {
        List<Violation> out = new ArrayList<>();
        for (Finding f : StackLint.lintDirectory(dir)) {
            out.add(new Violation(f.file() + ":" + f.line(), f.ruleId(), f.message(), f.fix()));
        }
        return out;
    }
}
