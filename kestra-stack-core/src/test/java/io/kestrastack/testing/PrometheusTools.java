package io.kestrastack.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Prometheus project's own checkers, from Debian: {@code promtool} (package {@code prometheus}),
 * {@code amtool} ({@code prometheus-alertmanager}) and the blackbox exporter's {@code --config.check}
 * ({@code prometheus-blackbox-exporter}). A missing program fails the test, naming its package; nothing skips.
 */
public final class PrometheusTools {

    /** How to install them on Debian. */
    public static final String INSTALL = "apt-get install -y prometheus prometheus-alertmanager prometheus-blackbox-exporter";

    private PrometheusTools() {}

    /** Runs {@code promtool args...} in {@code dir}. */
    public static ToolProcess.Result promtool(Path dir, String... args) {
        return run(dir, "promtool", "prometheus", args);
    }

    /** Runs {@code amtool args...} in {@code dir}. */
    public static ToolProcess.Result amtool(Path dir, String... args) {
        return run(dir, "amtool", "prometheus-alertmanager", args);
    }

    /** Runs the blackbox exporter's configuration check on {@code config}. */
    public static ToolProcess.Result blackboxCheck(Path dir, Path config) {
        return run(dir, "prometheus-blackbox-exporter", "prometheus-blackbox-exporter",
                "--config.file=" + config, "--config.check");
    }

    private static ToolProcess.Result run(Path dir, String program, String debianPackage, String... args) {
        Path binary = ToolProcess.onPath(program).orElseThrow(() -> new AssertionError(program
                + " is not on the PATH; install Debian's " + debianPackage + " (" + INSTALL + ", or bash .ci/install-tools)"));
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(List.of(args));
        return ToolProcess.run(command, dir, ToolProcess.baseEnvironment(dir), Duration.ofSeconds(120));
    }
}
