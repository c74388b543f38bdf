package io.kestrastack.check;

import io.kestrastack.internal.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a check needs from a written bundle ({@code --bundle}): the public URL ({@code kestra.url}), the context
 * path, the Kestra image and whether the edge asks browsers for HSTS preload. Read from {@code docker-compose.yml}
 * (the Kestra service's image and inline {@code KESTRA_CONFIGURATION}) or {@code kestra/application.yaml}, and the
 * edge's {@code caddy/Caddyfile} or {@code nginx/nginx.conf}.
 *
 * @param publicUrl {@code kestra.url}
 * @param contextPath {@code micronaut.server.context-path}, {@code ""} for the root
 * @param image the Kestra image reference
 * @param hstsPreload whether the edge configuration sends {@code preload} in its HSTS header
 * @param ownCertificate whether the edge signs its certificate with a CA of its own (Caddy's {@code tls internal},
 *     whose certificates live 12 hours and are renewed by Caddy itself)
 */
record BundleFacts(@Nullable URI publicUrl, String contextPath, @Nullable String image, boolean hstsPreload,
        boolean ownCertificate) {

    private static final Pattern VERSION = Pattern.compile("v?([0-9]+(?:\\.[0-9]+){1,2})(?:[-_.].*)?");

    /** The Kestra version the image tag names ({@code kestra/kestra:v2.0.5-no-plugins} gives {@code 2.0.5}). */
    Optional<String> imageVersion() {
        if (image == null || image.lastIndexOf(':') < 0) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(image.substring(image.lastIndexOf(':') + 1));
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Reads {@code dir}; throws {@link IllegalArgumentException} naming the file when it is not a bundle. */
    static BundleFacts read(Path dir) {
        try {
            return parse(dir);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(dir + ": cannot read the bundle: " + e.getCause().getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException(dir + ": not a readable bundle (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static BundleFacts parse(Path dir) {
        Path compose = dir.resolve("docker-compose.yml");
        if (!Files.isRegularFile(compose)) {
            throw new IllegalArgumentException(dir + " is not a bundle: it has no docker-compose.yml");
        }
        Object doc = Yaml.load(text(compose));
        String image = null;
        String config = null;
        if (Yaml.at(doc, "services") instanceof Map<?, ?> services) {
            for (Object s : services.values()) {
                Object img = Yaml.at(s, "image");
                if (img != null && String.valueOf(img).startsWith("kestra/kestra")
                        && String.valueOf(Yaml.at(s, "command")).contains("server")) {
                    image = String.valueOf(img);
                    Object env = Yaml.at(s, "environment");
                    if (env instanceof Map<?, ?> m && m.get("KESTRA_CONFIGURATION") != null) {
                        config = String.valueOf(m.get("KESTRA_CONFIGURATION"));
                    } else if (env instanceof List<?> l) {
                        for (Object e : l) {
                            if (String.valueOf(e).startsWith("KESTRA_CONFIGURATION=")) {
                                config = String.valueOf(e).substring("KESTRA_CONFIGURATION=".length());
                            }
                        }
                    }
                }
            }
        }
        Path file = dir.resolve("kestra/application.yaml");
        if (config == null && Files.isRegularFile(file)) {
            config = text(file);
        }
        URI url = null;
        String context = "";
        if (config != null) {
            Object kestra = Yaml.load(config.replace("$$", "$"));
            Object u = Yaml.at(kestra, "kestra", "url");
            url = u == null ? null : URI.create(String.valueOf(u));
            Object c = Yaml.at(kestra, "micronaut", "server", "context-path");
            context = c == null || String.valueOf(c).equals("/") ? "" : String.valueOf(c);
        }
        boolean preload = false;
        for (String edge : List.of("caddy/Caddyfile", "nginx/nginx.conf")) {
            Path p = dir.resolve(edge);
            if (Files.isRegularFile(p) && Pattern.compile("Strict-Transport-Security[^\\n]*preload").matcher(text(p)).find()) {
                preload = true;
            }
        }
        Path caddyfile = dir.resolve("caddy/Caddyfile");
        boolean own = Files.isRegularFile(caddyfile)
                && Pattern.compile("(?m)^\\s*tls\\s+internal\\b").matcher(text(caddyfile)).find();
        return new BundleFacts(url, context, image, preload, own);
    }

    private static String text(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
