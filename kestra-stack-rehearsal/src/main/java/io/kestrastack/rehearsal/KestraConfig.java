package io.kestrastack.rehearsal;

import io.kestrastack.internal.Yaml;
import io.kestrastack.rehearsal.ComposeProject.Mount;
import io.kestrastack.rehearsal.ComposeProject.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the rehearsal reads from the bundle's Kestra configuration to know where to knock: {@code kestra.url}
 * (the public URL) and {@code micronaut.server.context-path}. The stand-in itself gets the configuration the way
 * the bundle delivers it and resolves it with Micronaut.
 *
 * @param publicUrl {@code kestra.url}
 * @param contextPath the context path, empty for the root
 * @param delivery how the bundle delivers the configuration, for the report
 * @param localStorage {@code kestra.storage.local.base-path} when the storage type is {@code local}, else empty
 */
public record KestraConfig(URI publicUrl, String contextPath, String delivery, String localStorage) {

    /** Reads the configuration of {@code kestra} from its environment or its {@code --config} file. */
    static KestraConfig read(Service kestra, Path bundle) {
        String text = kestra.environment().get("KESTRA_CONFIGURATION");
        String delivery = "inline in KESTRA_CONFIGURATION";
        if (text == null) {
            int i = kestra.command().indexOf("--config");
            if (i < 0) {
                i = kestra.command().indexOf("-c");
            }
            if (i < 0 || i + 1 >= kestra.command().size()) {
                throw new RehearsalFailure("kestra: no KESTRA_CONFIGURATION and no --config file");
            }
            String target = kestra.command().get(i + 1);
            Path host = null;
            for (Mount m : kestra.mounts()) {
                if (!m.named() && (target.equals(m.target()) || target.startsWith(m.target() + "/"))) {
                    host = Path.of(m.source() + target.substring(m.target().length()));
                }
            }
            if (host == null || !Files.isRegularFile(host)) {
                throw new RehearsalFailure("kestra: --config " + target + " is not a file mounted from the bundle");
            }
            try {
                text = Files.readString(host);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            delivery = "as the file " + target + " (--config)";
        }
        Object doc = Rehearsal.yaml(text);
        String url = String.valueOf(Yaml.at(doc, "kestra", "url"));
        Object ctx = Yaml.at(doc, "micronaut", "server", "context-path");
        if (url.equals("null")) {
            throw new RehearsalFailure("kestra: the configuration sets no kestra.url");
        }
        Object storageType = Yaml.at(doc, "kestra", "storage", "type");
        Object basePath = Yaml.at(doc, "kestra", "storage", "local", "base-path");
        String local = "local".equals(String.valueOf(storageType)) && basePath != null ? String.valueOf(basePath) : "";
        return new KestraConfig(URI.create(url), ctx == null ? "" : String.valueOf(ctx), delivery, local);
    }
}
