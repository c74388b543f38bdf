package io.kestrastack.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times {@code java -jar kestra-stack.jar generate --out DIR} from process start to exit, each run into a
 * fresh directory. One untimed run first brings the jar and the JDK into the page cache, as they are on any
 * machine that ran the command before.
 */
public final class ColdStart {

    private ColdStart() {}

    /** Runs the command {@code runs} times (plus one untimed) and returns the wall times. */
    public static Report.ColdStart measure(Path cliJar, int runs, Path workDir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(cliJar)) {
            throw new IOException("no command-line jar at " + cliJar);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.createDirectories(workDir);
        once(java, cliJar, workDir.resolve("warm-up"));
        List<Double> millis = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            millis.add(once(java, cliJar, workDir.resolve("run-" + i)));
        }
        return new Report.ColdStart(java + " -jar " + cliJar.getFileName() + " generate --out DIR", List.copyOf(millis));
    }

    private static double once(Path java, Path cliJar, Path out) throws IOException, InterruptedException {
        if (Files.exists(out)) {
            throw new IOException(out + " exists: each run needs a fresh directory");
        }
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-jar", cliJar.toString(), "generate", "--out", out.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        Process p = pb.start();
        int exit = p.waitFor();
        long elapsed = System.nanoTime() - start;
        if (exit != 0 || !Files.isRegularFile(out.resolve("docker-compose.yml"))) {
            throw new IOException("generate --out " + out + " exited with " + exit + " and wrote no docker-compose.yml");
        }
        return elapsed / 1_000_000.0;
    }
}
