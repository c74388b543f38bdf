package io.kestrastack.lint.internal;

import io.kestrastack.lint.internal.Report.Located;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One Kestra server as the linter sees it: the configuration documents it reads (KESTRA_CONFIGURATION,
 * a --config file, or a configuration file linted on its own) and the environment of its container.
 * Settings are looked up in the environment first (Micronaut maps {@code KESTRA_URL} to
 * {@code kestra.url}), then in the documents.
 */
public final class KestraUnit {

    /**
     * A setting's value and where it is written.
     *
     * @param value the scalar text, or null when the setting is a list or a mapping
     * @param at where it is written
     * @param prop the configuration entry, or null when it comes from an environment variable
     * @param config the document holding it, or null when it comes from an environment variable
     */
    public record Setting(@Nullable String value, Located at, KestraConfig.@Nullable Prop prop,
            @Nullable KestraConfig config) {}

    private final List<KestraConfig> configs;
    private final ComposeProject.@Nullable Service service;
    private final @Nullable ComposeProject project;
    private final Map<String, ComposeProject.EnvVar> environment;
    private final Located anchor;
    private final boolean complete;

    /**
     * @param configs the documents
     * @param project the Compose project, or null for a file linted on its own
     * @param service the Compose service, or null for a file linted on its own
     * @param anchor where to report what is missing
     * @param complete false when part of the configuration could not be read (a --config file that is not
     *     among the linted files): nothing is then reported as missing
     */
    KestraUnit(List<KestraConfig> configs, @Nullable ComposeProject project, ComposeProject.@Nullable Service service,
            Located anchor, boolean complete) {
        this.configs = List.copyOf(configs);
        this.project = project;
        this.service = service;
        this.environment = service == null ? Map.of() : service.environment();
        this.anchor = anchor;
        this.complete = complete;
    }

    /** The same server, with part of its configuration known to be elsewhere (nothing is then "missing"). */
    KestraUnit incomplete() {
        return new KestraUnit(configs, project, service, anchor, false);
    }

    /** The Kestra release the server runs, from its image tag. */
    KestraVersion version() {
        return KestraVersion.of(service);
    }

    /** The documents. */
    public List<KestraConfig> configs() {
        return configs;
    }

    /** The Compose project, if any. */
    public @Nullable ComposeProject project() {
        return project;
    }

    /** The Compose service, if any. */
    public ComposeProject.@Nullable Service service() {
        return service;
    }

    /** Where to report what is missing. */
    public Located anchor() {
        return anchor;
    }

    /** Whether every document could be found and read, so that "missing" can be told. */
    public boolean complete() {
        return complete && configs.stream().allMatch(KestraConfig::readable);
    }

    /** Whether anything at all configures this server. */
    public boolean configured() {
        return !configs.isEmpty() || environment.keySet().stream().anyMatch(KestraUnit::isConfigVariable);
    }

    /** The setting {@code name} (kebab-case, dotted). */
    public Optional<Setting> setting(String name) {
        String squashed = squash(name);
        for (ComposeProject.EnvVar v : environment.values()) {
            if (isConfigVariable(v.name()) && squash(v.name()).equals(squashed) && project != null) {
                return Optional.of(new Setting(v.value(), new Located(project.file(), v.line()), null, null));
            }
        }
        for (KestraConfig c : configs) {
            Optional<KestraConfig.Prop> p = c.get(name);
            if (p.isPresent()) {
                return Optional.of(new Setting(p.get().text().orElse(null), new Located(c.file(), p.get().line()),
                        p.get(), c));
            }
        }
        return Optional.empty();
    }

    /** Whether any setting lies under {@code prefix}, in a document or the environment. */
    public boolean hasUnder(String prefix) {
        String squashed = squash(prefix);
        for (String name : environment.keySet()) {
            if (isConfigVariable(name) && squash(name).startsWith(squashed)) {
                return true;
            }
        }
        return configs.stream().anyMatch(c -> c.hasUnder(prefix));
    }

    /**
     * Resolves Micronaut placeholders ({@code ${NAME}}, {@code ${NAME:default}}) from the container's
     * environment; null when one cannot be resolved.
     */
    public @Nullable String resolve(@Nullable String value) {
        if (value == null || value.indexOf(Interpolation.UNKNOWN_MARK) >= 0) {
            // A Compose variable whose value the linter does not know: not an empty value, an unknown one.
            return null;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int open = value.indexOf("${", i);
            if (open < 0) {
                out.append(value.substring(i));
                break;
            }
            int close = value.indexOf('}', open);
            if (close < 0) {
                return null;
            }
            out.append(value, i, open);
            String inner = value.substring(open + 2, close);
            int colon = inner.indexOf(':');
            String name = colon < 0 ? inner : inner.substring(0, colon);
            String found = environmentValue(name);
            if (found == null && colon >= 0) {
                found = inner.substring(colon + 1);
            }
            if (found == null || found.indexOf(Interpolation.UNKNOWN_MARK) >= 0) {
                return null;
            }
            out.append(found);
            i = close + 1;
        }
        return out.toString();
    }

    /** The names of the placeholders in {@code value}, in order. */
    public static List<String> placeholders(String value) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (true) {
            int open = value.indexOf("${", i);
            int close = open < 0 ? -1 : value.indexOf('}', open);
            if (close < 0) {
                return out;
            }
            String inner = value.substring(open + 2, close);
            int colon = inner.indexOf(':');
            out.add(colon < 0 ? inner : inner.substring(0, colon));
            i = close + 1;
        }
    }

    private @Nullable String environmentValue(String name) {
        ComposeProject.EnvVar exact = environment.get(name);
        if (exact != null) {
            return exact.value();
        }
        String squashed = squash(name);
        for (ComposeProject.EnvVar v : environment.values()) {
            if (squash(v.name()).equals(squashed)) {
                return v.value();
            }
        }
        return null;
    }

    /** Environment variables Micronaut reads as configuration of Kestra. */
    private static boolean isConfigVariable(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return (n.startsWith("KESTRA_") || n.startsWith("MICRONAUT_") || n.startsWith("DATASOURCES_")
                || n.startsWith("ENDPOINTS_")) && !n.equals("KESTRA_CONFIGURATION");
    }

    private static String squash(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
