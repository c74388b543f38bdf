package io.kestrastack.cli;

import io.kestrastack.KestraService;
import io.kestrastack.PostgresService;
import io.kestrastack.PublicAddress;
import io.kestrastack.Stack;
import io.kestrastack.StackConfigException;
import io.kestrastack.Violation;
import io.kestrastack.stackfile.StackFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code generate --from FILE}: the stack a stack file describes, with the command-line shortcuts applied as
 * edits of the file's keys (so a flag is validated exactly like the key it stands for, and overrides it).
 */
final class StackFileCommand {

    private StackFileCommand() {}

    /** The stack of {@code file} with the options' overrides. */
    static Stack stack(Path file, Options o) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StackConfigException(List.of(new Violation("--from", "unreadable-file",
                    "cannot read " + file + ": " + e.getMessage(), "give the path of a stack file (kestra-stack init"
                    + " writes one)")));
        }
        Map<String, Object> tree = StackFile.tree(text);
        override(tree, o);
        return StackFile.builder(tree).build();
    }

    /** Applies {@code --host}, {@code --context-path}, {@code --admin-email}, the images and {@code --edge}. */
    static void override(Map<String, Object> tree, Options o) {
        String host = o.value("--host") == null ? null : o.value("--host", "").strip().toLowerCase(java.util.Locale.ROOT);
        if (host != null) {
            Object address = tree.get("publicAddress");
            String scheme = "https";
            String port = "";
            if (address instanceof String s) {
                try {
                    PublicAddress parsed = PublicAddress.parse(s);
                    scheme = parsed.scheme().toString().toLowerCase(java.util.Locale.ROOT);
                    port = parsed.defaultPort() ? "" : ":" + parsed.port();
                } catch (RuntimeException e) {
                    // the file's own address is invalid; the flag replaces it whole
                }
            }
            tree.put("publicAddress", scheme + "://" + host + port);
        }
        String contextPath = o.value("--context-path");
        if (contextPath != null) {
            tree.put("contextPath", contextPath);
        }
        String admin = o.value("--admin-email");
        if (admin != null) {
            mapping(mapping(tree, "kestra"), "basicAuth").put("username", admin);
        }
        String kestraImage = o.value("--kestra-image");
        if (kestraImage != null) {
            mapping(tree, "kestra").put("image", Generate.imageReference(kestraImage, KestraService.DEFAULT_IMAGE));
        }
        String postgresImage = o.value("--postgres-image");
        if (postgresImage != null) {
            mapping(tree, "postgres").put("image", Generate.imageReference(postgresImage, PostgresService.DEFAULT_IMAGE));
        }
        String edge = o.value("--edge") == null ? null : o.value("--edge", "").toLowerCase(java.util.Locale.ROOT);
        String acme = o.value("--acme-email");
        if (edge != null) {
            // a different kind of edge: its keys do not carry over
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("kind", edge);
            Object old = tree.get("edge");
            if (old instanceof Map<?, ?> m && edge.equals(m.get("kind"))) {
                m.forEach((k, v) -> e.put(String.valueOf(k), v));
            } else if (!edge.equals("none")) {
                e.put("tls", defaultTls(edge, tree));
            }
            tree.put("edge", e);
        }
        if (acme != null) {
            Map<String, Object> e = mapping(tree, "edge");
            Map<String, Object> tls = mapping(e, "tls");
            tls.put("email", acme);
        }
    }

    private static Map<String, Object> defaultTls(String edge, Map<String, Object> tree) {
        String host = "localhost";
        boolean https = true;
        if (tree.get("publicAddress") instanceof String s) {
            try {
                PublicAddress a = PublicAddress.parse(s);
                host = a.host();
                https = a.scheme() == io.kestrastack.Scheme.HTTPS;
            } catch (RuntimeException e) {
                // validated later with the rest of the file
            }
        }
        boolean local = Generate.isLocal(host);
        String mode;
        if (!https) {
            mode = "none";
        } else if (edge.equals("caddy")) {
            mode = local ? "internal" : "acme";
        } else {
            mode = local ? "endedInFront" : "certbot";
        }
        Map<String, Object> tls = new LinkedHashMap<>();
        tls.put("mode", mode);
        return tls;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Map<String, Object> tree, String key) {
        @Nullable Object value = tree.get(key);
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), v));
            tree.put(key, copy);
            return copy;
        }
        Map<String, Object> created = new LinkedHashMap<>();
        tree.put(key, created);
        return created;
    }
}
