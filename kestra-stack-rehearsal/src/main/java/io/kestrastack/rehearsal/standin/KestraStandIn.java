package io.kestrastack.rehearsal.standin;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the stand-in the way Kestra's command line starts a server.
 *
 * <p>Arguments are Kestra's: {@code server standalone|webserver [--config FILE] [--flow-path DIR] ...}. As in
 * Kestra's {@code cli/src/main/java/io/kestra/cli/App.java} and {@code AbstractCommand.propertiesFromConfig()},
 * the {@code --config} file is read with Micronaut's {@link YamlPropertySourceLoader} and handed to the
 * {@link ApplicationContextBuilder} as properties, in the {@code cli} environment. An inline
 * {@code KESTRA_CONFIGURATION} reaches Micronaut through {@code MICRONAUT_CONFIG_FILES}, which the rehearsal's
 * launcher sets exactly as Kestra's launcher script does ({@code gradle/jar/selfrun.sh}); Micronaut reads that
 * variable itself. Micronaut then resolves every {@code ${VAR}} placeholder from the process environment.
 */
public final class KestraStandIn {

    private KestraStandIn() {}

    /**
     * Runs the server until the process is stopped.
     *
     * @param args Kestra's command line
     * @throws IOException when the configuration file cannot be read
     */
    public static void main(String[] args) throws IOException {
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.size() < 2 || !rest.get(0).equals("server")) {
            System.err.println("kestra stand-in: only `server <kind>` is rehearsed, got " + rest);
            System.exit(2);
        }
        Path config = Path.of(System.getProperty("user.home"), ".kestra/config.yml");
        for (int i = 2; i < rest.size(); i++) {
            String a = rest.get(i);
            if ((a.equals("-c") || a.equals("--config")) && i + 1 < rest.size()) {
                config = Path.of(rest.get(++i));
            } else if (a.startsWith("--config=")) {
                config = Path.of(a.substring("--config=".length()));
            }
        }
        ApplicationContextBuilder builder = ApplicationContext.builder(KestraStandIn.class)
                .environments(Environment.CLI);
        if (Files.exists(config)) {
            // Kestra reads --config with YamlPropertySourceLoader.read("cli", ...) and passes the map as properties.
            try (InputStream in = Files.newInputStream(config)) {
                Map<String, Object> properties = new YamlPropertySourceLoader().read("cli", in);
                builder.properties(properties);
            }
            System.out.println("kestra stand-in: configuration file " + config);
        }
        String files = System.getenv("MICRONAUT_CONFIG_FILES");
        if (files != null) {
            System.out.println("kestra stand-in: MICRONAUT_CONFIG_FILES=" + files);
        }
        ApplicationContext context = builder.start();
        EmbeddedServer server = context.getBean(EmbeddedServer.class);
        server.start();
        System.out.println("kestra stand-in: listening on " + server.getURL() + ", command " + String.join(" ", args));
        Runtime.getRuntime().addShutdownHook(new Thread(context::close, "stand-in-shutdown"));
    }
}
