package io.kestrastack.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a runtime class path and says which jars it holds, and whether any is not allowed. */
public final class Footprint {

    /** The only third-party artifacts the library and its command line may need at run time. */
    public static final List<String> ALLOWED_THIRD_PARTY = List.of("snakeyaml-engine", "commons-text", "commons-lang3",
            "jspecify");

    private static final Pattern VERSIONED_JAR = Pattern.compile("(.+?)-(\\d[^/]*)\\.jar");

    private Footprint() {}

    /**
     * The jars of every class-path list given (entries separated by the path separator or line breaks),
     * each artifact once, in first-seen order.
     */
    public static List<Report.Jar> read(List<Path> classPathFiles, List<Path> extraJars) throws IOException {
        Map<String, Report.Jar> byArtifact = new LinkedHashMap<>();
        List<Path> jars = new ArrayList<>(extraJars);
        for (Path file : classPathFiles) {
            for (String entry : Files.readString(file).split("[\\r\\n" + Pattern.quote(File.pathSeparator) + "]+")) {
                if (!entry.isBlank()) {
                    jars.add(Path.of(entry.strip()));
                }
            }
        }
        for (Path jar : jars) {
            String fileName = jar.getFileName().toString();
            Matcher m = VERSIONED_JAR.matcher(fileName);
            String artifact = m.matches() ? m.group(1) : fileName;
            if (!Files.isRegularFile(jar)) {
                throw new IOException("not a jar file: " + jar);
            }
            byArtifact.putIfAbsent(artifact, new Report.Jar(artifact, fileName, Files.size(jar),
                    artifact.startsWith("kestra-stack-")));
        }
        return List.copyOf(byArtifact.values());
    }
}
