package io.kestrastack.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hostile stack files for {@code lint} and {@code validate}, each at most 4 MB: run in a JVM of its own
 * ({@code -Xmx256m}) by {@link HostileInputIT}, which prints one line per case:
 * {@code case command cpu-millis wall-millis exit outcome limit-finding}.
 */
final class HostileInputs {

    private HostileInputs() {}

    static Map<String, Map<String, String>> cases() {
        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        int mb4 = 4 * 1024 * 1024 - 64;
        cases.put("duplicate-keys", Map.of("docker-compose.yml", fill("services:\n  a:\n    image: x:1\n", "x: 1\n", mb4)));
        cases.put("duplicate-services", Map.of("docker-compose.yml", fill("services:\n", "  a:\n    image: x:1\n", mb4)));
        cases.put("caddyfile-of-braces", Map.of("Caddyfile", "}".repeat(mb4)));
        cases.put("caddyfile-open-braces", Map.of("Caddyfile", "a {\n".repeat(mb4 / 4)));
        cases.put("nginx-deep", Map.of("nginx.conf", "a {\n".repeat(mb4 / 4)));
        cases.put("nginx-of-braces", Map.of("nginx.conf", "}".repeat(mb4)));
        cases.put("env-nested-default", Map.of(".env", "A=" + "${A:-".repeat(100_000) + "x" + "}".repeat(100_000) + "\n",
                "docker-compose.yml", "services:\n  a:\n    image: x:1\n    environment:\n      A: ${A}\n"));
        cases.put("compose-nested-default", Map.of("docker-compose.yml", "services:\n  a:\n    image: x:1\n    environment:\n"
                + "      A: \"" + "${A:-".repeat(100_000) + "x" + "}".repeat(100_000) + "\"\n"));
        cases.put("yaml-flow-nesting", Map.of("docker-compose.yml", "services: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n"));
        cases.put("yaml-block-nesting", Map.of("docker-compose.yml", blockNesting(2_000)));
        cases.put("yaml-alias-bomb", Map.of("docker-compose.yml", aliasBomb()));
        cases.put("env-of-equals", Map.of(".env", "=".repeat(mb4)));
        cases.put("env-long-lines", Map.of(".env", fill("", "A" + "B".repeat(1000) + "=x\n", mb4)));
        return cases;
    }

    private static String fill(String head, String unit, int size) {
        StringBuilder b = new StringBuilder(size).append(head);
        while (b.length() + unit.length() <= size) {
            b.append(unit);
        }
        return b.toString();
    }

    private static String blockNesting(int depth) {
        StringBuilder b = new StringBuilder("services:\n");
        for (int i = 0; i < depth; i++) {
            b.append(" ".repeat(i + 1)).append("k").append(i).append(":\n");
        }
        b.append(" ".repeat(depth + 1)).append("v\n");
        return b.toString();
    }

    private static String aliasBomb() {
        StringBuilder b = new StringBuilder("x-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            b.append("x-").append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                b.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            b.append("]\n");
            prev = c;
        }
        b.append("services:\n  a:\n    image: x:1\n    labels: *j\n");
        return b.toString();
    }

    /**
     * CPU time of this thread (user + system) from {@code /proc/thread-self/stat}, in 10 ms ticks: unlike the
     * wall clock, it does not grow when other builds load the machine.
     */
    static long threadCpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    /** Runs every case (or those named) with lint and validate; prints one line per run. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        for (Map.Entry<String, Map<String, String>> c : cases().entrySet()) {
            if (args.length > 1 && !c.getKey().equals(args[1])) {
                continue;
            }
            Path dir = Files.createDirectories(root.resolve(c.getKey()));
            for (Map.Entry<String, String> f : c.getValue().entrySet()) {
                Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
            for (String command : new String[] {"lint", "validate"}) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
                long cpuStart = threadCpuMillis();
                long start = System.nanoTime();
                String outcome;
                int exit = -1;
                try {
                    exit = Main.run(new String[] {command, dir.toString()}, ps, ps);
                    outcome = "ok";
                } catch (Throwable t) {
                    outcome = t.getClass().getSimpleName();
                }
                long ms = (System.nanoTime() - start) / 1_000_000;
                long cpuMs = threadCpuMillis() - cpuStart;
                String printed = out.toString(StandardCharsets.UTF_8);
                String limit = printed.contains("limit") ? "limit-finding" : "no-limit-finding";
                System.out.println(c.getKey() + " " + command + " " + cpuMs + " " + ms + " " + exit + " " + outcome + " "
                        + limit);
                System.out.flush();
            }
        }
    }
}
