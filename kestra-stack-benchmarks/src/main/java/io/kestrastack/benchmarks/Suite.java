package io.kestrastack.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark, times {@code generate} from a cold JVM, reads the runtime footprint and prints one
 * table (see {@link Report}). Exit status: 0 when every target is met, 1 when one is missed, 2 on a usage or
 * measurement error.
 *
 * <pre>
 * java -cp benchmarks.jar io.kestrastack.benchmarks.Suite \
 *     [--cli-jar kestra-stack.jar] [--cold-runs 15] [--classpath FILE]... [--jar LABEL=FILE]... \
 *     [--out-dir DIR] [--skip-jmh] [JMH options, e.g. -f 3 -wi 10 -i 5 -w 1s -r 1s or -prof gc]
 * </pre>
 *
 * <p>JMH runs with 3 forks of 10 warm-up and 5 measured one-second iterations unless told otherwise, with a
 * fixed 1 GiB heap in each fork; medians come from {@code Mode.SampleTime}, which times every call and pools
 * the samples of all forks. Both numbers come from runs on 2 cores: a bundle render keeps getting faster for
 * about 10 seconds while C2 compiles it (900 µs per call in the fifth second, 540 µs from the twelfth on), and
 * a fork can settle at a speed up to 1.7 times another's (the JIT compiles the YAML emitter differently from one
 * run to the next), so two forks gave a median that moved between runs.
 */
public final class Suite {

    private Suite() {}

    /** See the class description. */
    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException | CommandLineOptionException e) {
            System.err.println("usage error: " + e.getMessage());
            System.exit(2);
        } catch (IOException | RunnerException e) {
            System.err.println("measurement failed: " + e.getMessage());
            System.exit(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(2);
        }
    }

    private static int run(String[] args) throws IOException, RunnerException, InterruptedException, CommandLineOptionException {
        @Nullable Path cliJar = null;
        int coldRuns = 15;
        List<Path> classPaths = new ArrayList<>();
        List<String[]> jars = new ArrayList<>();
        Path outDir = Path.of("target", "bench");
        boolean skipJmh = false;
        List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cli-jar" -> cliJar = Path.of(value(args, ++i, "--cli-jar"));
                case "--cold-runs" -> coldRuns = Integer.parseInt(value(args, ++i, "--cold-runs"));
                case "--classpath" -> classPaths.add(Path.of(value(args, ++i, "--classpath")));
                case "--jar" -> {
                    String spec = value(args, ++i, "--jar");
                    int eq = spec.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--jar takes LABEL=FILE");
                    }
                    jars.add(new String[] {spec.substring(0, eq), spec.substring(eq + 1)});
                }
                case "--out-dir" -> outDir = Path.of(value(args, ++i, "--out-dir"));
                case "--skip-jmh" -> skipJmh = true;
                default -> jmhArgs.add(args[i]);
            }
        }
        if (coldRuns < 1) {
            throw new IllegalArgumentException("--cold-runs must be at least 1");
        }
        Files.createDirectories(outDir);
        Report report = new Report();
        String loadBefore = loadAverage();

        if (!skipJmh) {
            for (RunResult r : jmh(jmhArgs, outDir.resolve("jmh-result.json"))) {
                String method = r.getParams().getBenchmark();
                method = method.substring(method.lastIndexOf('.') + 1);
                String stack = r.getParams().getParam("stack");
                if (stack != null) {
                    report.median(method, stack, r.getPrimaryResult().getStatistics().getPercentile(50.0));
                }
            }
        }
        if (cliJar != null) {
            Path work = Files.createTempDirectory(outDir, "cold-start-");
            System.out.println("# Cold start: " + coldRuns + " runs of generate, each into a fresh directory under " + work);
            Report.ColdStart runs = ColdStart.measure(cliJar, coldRuns, work);
            System.out.println("# Cold start wall times (ms): " + runs.millis().stream()
                    .map(Report::fmt).toList());
            report.coldStart(runs);
        }
        if (!classPaths.isEmpty()) {
            report.runtimeJars(Footprint.read(classPaths, List.of()));
        }
        for (String[] jar : jars) {
            report.otherJar(jar[0], Files.size(Path.of(jar[1])));
        }

        String table = machine(loadBefore) + "\n" + report.toMarkdown();
        Files.writeString(outDir.resolve("table.md"), table);
        System.out.println();
        System.out.print(table);
        long misses = report.misses();
        System.out.println();
        System.out.println(misses == 0 ? "All targets met." : misses + " target(s) missed or not measured.");
        return misses == 0 ? 0 : 1;
    }

    private static Collection<RunResult> jmh(List<String> args, Path resultFile)
            throws RunnerException, CommandLineOptionException {
        CommandLineOptions cmd = new CommandLineOptions(args.toArray(String[]::new));
        ChainedOptionsBuilder b = new OptionsBuilder().parent(cmd);
        if (cmd.getIncludes().isEmpty()) {
            b.include(BundleBenchmarks.class.getName() + "\\.").include(LintBenchmarks.class.getName() + "\\.");
        }
        if (!cmd.getForkCount().hasValue()) {
            b.forks(3);
        }
        if (!cmd.getWarmupIterations().hasValue()) {
            b.warmupIterations(10);
        }
        if (!cmd.getWarmupTime().hasValue()) {
            b.warmupTime(TimeValue.seconds(1));
        }
        if (!cmd.getMeasurementIterations().hasValue()) {
            b.measurementIterations(5);
        }
        if (!cmd.getMeasurementTime().hasValue()) {
            b.measurementTime(TimeValue.seconds(1));
        }
        if (!cmd.getTimeUnit().hasValue()) {
            b.timeUnit(TimeUnit.MICROSECONDS);
        }
        if (!cmd.getJvmArgs().hasValue()) {
            b.jvmArgs("-Xms1g", "-Xmx1g");
        }
        if (!cmd.getResult().hasValue()) {
            b.resultFormat(ResultFormatType.JSON).result(resultFile.toString());
        }
        return new Runner(b.build()).run();
    }

    private static String machine(String loadBefore) {
        return String.format(Locale.ROOT, "Machine: %d CPUs (%s), %s %s (%s), load average before the run %s, after %s%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"), loadBefore,
                loadAverage());
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", load);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
