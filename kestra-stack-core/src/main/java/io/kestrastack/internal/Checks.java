package io.kestrastack.internal;

import io.kestrastack.ImageRef;
import io.kestrastack.Secret;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Validation rules shared by several builders. Each adds violations to a {@link Problems}. */
public final class Checks {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    /** Prefixes of variable names that Kestra or Micronaut give a meaning of their own. */
    private static final String[] RESERVED_PREFIXES = {
        "KESTRA_", "MICRONAUT_", "DATASOURCES_", "ENDPOINTS_", "SECRET_", "ENV_"
    };
    /** Variable names the rendered services set themselves. */
    private static final java.util.List<String> RESERVED_NAMES =
            java.util.List.of("POSTGRES_USER", "POSTGRES_DB", "JAVA_OPTS", "PGDATA");

    private Checks() {}

    /**
     * Checks a secret kept in {@code .env} and handed to a container: a usable variable name that
     * Kestra and Micronaut give no meaning of their own, and a value every parser on the way reads
     * literally.
     */
    public static void infrastructureSecret(Problems p, String path, @Nullable Secret secret) {
        if (secret == null) {
            p.add(path, "required", "no secret set", "set one with Secret.generate(\"NAME\") or Secret.of(\"NAME\", value)");
            return;
        }
        variableName(p, path, secret.variable());
        for (String prefix : RESERVED_PREFIXES) {
            if (secret.variable().startsWith(prefix)) {
                p.add(path, "reserved-variable",
                        "variable " + secret.variable() + " starts with " + prefix
                                + ", which Kestra or Micronaut reads as configuration or hands to flows",
                        "choose another name, for example " + secret.variable().substring(prefix.length()) + "_SECRET");
                break;
            }
        }
        if (RESERVED_NAMES.contains(secret.variable())) {
            p.add(path, "reserved-variable", "variable " + secret.variable() + " is set by the rendered services",
                    "choose another name");
        }
        secretValue(p, path, secret);
    }

    /** Checks an environment variable name. */
    public static void variableName(Problems p, String path, String name) {
        if (!ENV_NAME.matcher(name).matches()) {
            p.add(path, "invalid-variable-name",
                    "'" + name + "' is not an upper-case environment variable name",
                    "use A-Z, 0-9 and _, starting with a letter or _ (at most 128 characters)");
        }
    }

    /**
     * Checks a secret value that travels as plain text through {@code .env}, Compose and Micronaut.
     * The value itself never appears in a violation.
     */
    public static void secretValue(Problems p, String path, Secret secret) {
        String value = SecretAccess.reveal(secret);
        if (value.isEmpty()) {
            p.add(path, "empty-secret", "the secret " + secret.variable() + " is empty", "give it a value or generate one");
            return;
        }
        if (value.length() > 4096) {
            p.add(path, "secret-too-long", "the secret " + secret.variable() + " is longer than 4096 characters",
                    "use a shorter value");
        }
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029)) {
            p.add(path, "secret-control-character",
                    "the secret " + secret.variable() + " contains a control character or line break",
                    "use printable characters only");
        }
        if (value.indexOf('\'') >= 0 || value.indexOf('\\') >= 0) {
            p.add(path, "secret-unsafe-quote",
                    "the secret " + secret.variable() + " contains a single quote or a backslash, which the .env"
                            + " readers of Compose v1 and v2 interpret differently",
                    "use a value without ' and \\ (generated secrets never contain them)");
        }
        if (value.contains("${")) {
            p.add(path, "secret-placeholder",
                    "the secret " + secret.variable() + " contains '${', which Micronaut would read as a placeholder",
                    "use a value without '${'");
        }
        if (!value.equals(value.strip())) {
            p.add(path, "secret-surrounding-space",
                    "the secret " + secret.variable() + " starts or ends with white space, which is easily lost",
                    "remove the leading and trailing white space");
        }
    }

    /** Checks a Compose service name. */
    public static void serviceName(Problems p, String path, String name) {
        if (!SERVICE_NAME.matcher(name).matches()) {
            p.add(path, "invalid-service-name", "'" + name + "' is not a valid Compose service name",
                    "use lower-case letters, digits, '-' and '_', starting with a letter or digit");
        }
    }

    /**
     * Parses an image reference and applies the pinning policy: no missing tag, and no floating tag
     * ({@code latest}, {@code develop}, ...) unless {@code allowFloating}.
     */
    public static @Nullable ImageRef image(Problems p, String path, @Nullable String reference, boolean allowFloating,
            String example) {
        if (reference == null) {
            p.add(path, "required", "no image set", "call image(\"" + example + "\")");
            return null;
        }
        String trimmed = reference.strip();
        // Only the last path segment can carry a tag: "registry:5000/kestra" has a port but no tag.
        String lastSegment = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        if (!trimmed.isEmpty() && !lastSegment.contains(":") && !trimmed.contains("@")) {
            p.add(path, "unpinned-image", "image '" + trimmed + "' has no tag, so Docker pulls 'latest'",
                    "pin a version, for example " + example);
            return null;
        }
        ImageRef ref = ImageRef.tryParse(trimmed).orElse(null);
        if (ref == null) {
            p.add(path, "invalid-image", "'" + reference + "' is not a valid image reference",
                    "write [registry/]repository:tag, for example " + example);
            return null;
        }
        if (ref.isFloating() && !allowFloating) {
            p.add(path, "unpinned-image",
                    "tag '" + ref.tag() + "' moves over time and can jump a major version",
                    "pin a version such as " + example + ", or call allowFloatingTag(true) if you really mean it");
        }
        return ref;
    }

    /** Checks a Compose volume name. */
    public static void volumeName(Problems p, String path, String name) {
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}")) {
            p.add(path, "invalid-volume-name", "'" + name + "' is not a valid volume name",
                    "use letters, digits, '_', '.' and '-', starting with a letter or digit");
        }
    }

    /** Checks a TCP port number. */
    public static void port(Problems p, String path, int port) {
        if (port < 1 || port > 65535) {
            p.add(path, "invalid-port", "port " + port + " is outside 1-65535", "use a port between 1 and 65535");
        }
    }

    /** Checks a literal that goes into the Kestra configuration, where Micronaut resolves {@code ${...}}. */
    public static void micronautLiteral(Problems p, String path, String value) {
        if (value.contains("${")) {
            p.add(path, "micronaut-placeholder", "the value contains '${', which Micronaut reads as a placeholder",
                    "remove '${' from the value");
        }
        if (value.codePoints().anyMatch(Checks::breaksLines)) {
            p.add(path, "control-character", "the value contains a control character or line break",
                    "use printable characters only");
        }
    }

    /**
     * Whether {@code c} is a control character (C0, DEL, C1 with U+0085) or U+2028/U+2029: line breaks to
     * YAML 1.1 readers (libyaml, PyYAML: Compose v1) and to many other tools, so no value may hold one.
     */
    public static boolean breaksLines(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029;
    }
}
