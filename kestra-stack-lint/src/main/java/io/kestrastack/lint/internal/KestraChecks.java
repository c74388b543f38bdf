package io.kestrastack.lint.internal;

import io.kestrastack.lint.Rule;
import io.kestrastack.lint.internal.Report.Located;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The rules about a Kestra server's configuration. */
final class KestraChecks {

    /** Kestra's rule for basic-auth usernames: an email address. */
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#%&'*+/=?^_`|~-]+(?:\\.[A-Za-z0-9!#%&'*+/=?^_`|~-]+)*"
                    + "@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
                    + "\\.[A-Za-z]{2,63}");

    /** Last segments of settings that hold secrets. */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(^|-)(password|passwd|secret|token)($|-)|^(access-key|access-key-id|connection-string|proxy-authorization"
                    + "|client-secret|private-key|api-key|account-key|sas-token)$");

    private static final String BASIC_AUTH = "kestra.server.basic-auth";

    private KestraChecks() {}

    static void check(KestraUnit unit, Report report) {
        for (KestraConfig c : unit.configs()) {
            spelledTwice(c, report);
            secrets(c, report);
        }
        if (!unit.configured() && unit.service() == null) {
            return;
        }
        backend(unit, "kestra.repository.type", Rule.KESTRA_REPOSITORY_NOT_POSTGRES, "repository", report);
        backend(unit, "kestra.queue.type", Rule.KESTRA_QUEUE_NOT_POSTGRES, "queue", report);
        if (unit.version().atLeast(0, 24)) {
            basicAuth(unit, report);
        } else {
            basicAuthBefore024(unit, report);
        }
        url(unit, report);
        tmpDir(unit, report);
        healthcheckUnderContextPath(unit, report);
    }

    private static final Pattern MANAGEMENT_URL = Pattern.compile("://[^/\\s:]+:8081(/[^\\s\"']*)?");

    /**
     * Micronaut serves management endpoints under the context path, also on the management port (micronaut-core
     * #7552, AbstractEndpointRouteBuilder): a healthcheck asking port 8081 outside it gets 404.
     */
    private static void healthcheckUnderContextPath(KestraUnit unit, Report report) {
        ComposeProject.Service service = unit.service();
        ComposeProject project = unit.project();
        if (service == null || project == null) {
            return;
        }
        Optional<KestraUnit.Setting> cp = unit.setting("micronaut.server.context-path");
        if (cp.isEmpty()) {
            return;
        }
        String context = ProxyContext.normalizePath(unit.resolve(cp.get().value()));
        if (context == null || context.equals("/")) {
            return;
        }
        Optional<YamlTree.YNode> healthcheck = service.node().get("healthcheck");
        if (healthcheck.isEmpty() || !(healthcheck.get() instanceof YamlTree.YMap hc)) {
            return;
        }
        Optional<YamlTree.YNode> test = hc.get("test");
        List<YamlTree.YScalar> parts = test.isEmpty() ? List.of()
                : test.get() instanceof YamlTree.YSeq seq ? seq.items().stream().filter(YamlTree.YScalar.class::isInstance)
                        .map(YamlTree.YScalar.class::cast).toList()
                : test.get() instanceof YamlTree.YScalar one ? List.of(one) : List.of();
        for (YamlTree.YScalar part : parts) {
            java.util.regex.Matcher m = MANAGEMENT_URL.matcher(part.value());
            while (m.find()) {
                String path = m.group(1) == null ? "/" : m.group(1);
                if (!(path + "/").startsWith(ProxyContext.withSlash(context))) {
                    report.add(Rule.KESTRA_HEALTHCHECK_OUTSIDE_CONTEXT_PATH, project.file(), part.line(),
                            "the healthcheck asks " + path + " on the management port, but the context path is "
                                    + context + ": Micronaut answers 404 there and Kestra never turns healthy",
                            "ask http://localhost:8081" + context + "/health/readiness");
                }
            }
        }
    }

    /**
     * Before 0.24 basic authentication was optional and off by default (kestra cli application.yml of 0.20:
     * {@code kestra.server.basic-auth.enabled: false}; AuthenticationFilter passes every request when it is
     * not enabled), so 'enabled: false' or no 'enabled: true' leaves the UI and API open to anyone. The email
     * and password policy came with 0.24 and do not apply.
     */
    private static void basicAuthBefore024(KestraUnit unit, Report report) {
        String version = unit.version().obsoleteTag() ? "a -full image (Kestra before 0.24)"
                : "Kestra " + unit.version().describe();
        Optional<KestraUnit.Setting> enabled = unit.setting(BASIC_AUTH + ".enabled");
        if (enabled.isPresent()) {
            String v = unit.resolve(enabled.get().value());
            if (v != null && !v.strip().equalsIgnoreCase("true")) {
                report.add(Rule.KESTRA_BASIC_AUTH_DISABLED, enabled.get().at(), BASIC_AUTH + ".enabled is " + v.strip()
                        + " on " + version + ", which really turns authentication off: the UI and API are open to"
                        + " anyone who reaches them");
            }
        } else if (unit.complete()) {
            report.add(Rule.KESTRA_BASIC_AUTH_DISABLED, unit.anchor(), "basic authentication is not enabled, and "
                    + version + " leaves it off by default: the UI and API are open to anyone who reaches them");
        }
    }

    /**
     * The host directory /tmp/kestra-wd is mounted for the Docker task runner, which starts task containers
     * through the host's socket and must find the working directory at the same path on the host; Kestra
     * only works there when kestra.tasks.tmp-dir.path points below it (WorkingDirFactory falls back to
     * java.io.tmpdir, /tmp, otherwise).
     */
    private static void tmpDir(KestraUnit unit, Report report) {
        ComposeProject.Service service = unit.service();
        ComposeProject project = unit.project();
        if (service == null || project == null || !unit.complete()
                || unit.setting("kestra.tasks.tmp-dir.path").isPresent()) {
            return;
        }
        for (ComposeProject.Mount m : service.mounts()) {
            if (m.bind() && m.target().equals("/tmp/kestra-wd")) {
                report.add(Rule.KESTRA_TMP_DIR_UNSET, project.file(), m.line(), "service " + service.name()
                        + " mounts /tmp/kestra-wd but kestra.tasks.tmp-dir.path is not set, so Kestra keeps task"
                        + " working directories in /tmp and Docker tasks do not find their files",
                        "set kestra.tasks.tmp-dir.path: /tmp/kestra-wd/tmp");
            }
        }
    }

    private static void backend(KestraUnit unit, String name, Rule rule, String what, Report report) {
        Optional<KestraUnit.Setting> s = unit.setting(name);
        if (s.isEmpty()) {
            if (unit.complete()) {
                report.add(rule, unit.anchor(), name + " is not set, so Kestra does not keep its " + what
                        + " in Postgres");
            }
            return;
        }
        String value = unit.resolve(s.get().value());
        if (value != null && !value.strip().equalsIgnoreCase("postgres")) {
            report.add(rule, s.get().at(), name + " is '" + value.strip() + "', not postgres");
        }
    }

    private static void basicAuth(KestraUnit unit, Report report) {
        unit.setting(BASIC_AUTH + ".enabled").ifPresent(s -> report.add(Rule.KESTRA_BASIC_AUTH_ENABLED_KEY, s.at(),
                BASIC_AUTH + ".enabled is ignored by Kestra since 0.24; authentication is always on"));
        Optional<KestraUnit.Setting> username = unit.setting(BASIC_AUTH + ".username");
        Optional<KestraUnit.Setting> password = unit.setting(BASIC_AUTH + ".password");
        if ((username.isEmpty() || password.isEmpty()) && unit.complete()) {
            String missing = username.isEmpty() && password.isEmpty() ? "username and password are"
                    : username.isEmpty() ? "username is" : "password is";
            report.add(Rule.KESTRA_BASIC_AUTH_MISSING, unit.anchor(), "the basic-auth " + missing
                    + " not configured; the first visitor of the setup page becomes administrator");
        }
        username.ifPresent(u -> {
            String value = unit.resolve(u.value());
            if (value != null && (!EMAIL.matcher(value.strip()).matches() || value.strip().length() > 254)) {
                report.add(Rule.KESTRA_BASIC_AUTH_USERNAME_NOT_EMAIL, u.at(),
                        "the basic-auth username '" + value.strip() + "' is not an email address");
            }
        });
        password.ifPresent(p -> {
            String value = unit.resolve(p.value());
            if (value == null) {
                return;
            }
            String weakness = weakness(value);
            if (weakness != null) {
                List<String> via = p.value() == null ? List.of() : KestraUnit.placeholders(p.value());
                report.add(Rule.KESTRA_BASIC_AUTH_WEAK_PASSWORD, p.at(), "the basic-auth password"
                        + (via.isEmpty() ? "" : " (from " + String.join(", ", via) + ")") + " " + weakness);
            }
        });
    }

    /** What is wrong with a password under Kestra's policy, or null. Never includes the value. */
    static @org.jspecify.annotations.Nullable String weakness(String value) {
        if (value.length() < 8) {
            return "is shorter than 8 characters";
        }
        if (value.length() > 256) {
            return "is longer than 256 characters";
        }
        if (value.chars().noneMatch(Character::isLowerCase)) {
            return "has no lower-case letter";
        }
        if (value.chars().noneMatch(Character::isUpperCase)) {
            return "has no upper-case letter";
        }
        if (value.chars().noneMatch(Character::isDigit)) {
            return "has no digit";
        }
        return null;
    }

    private static void url(KestraUnit unit, Report report) {
        Optional<KestraUnit.Setting> url = unit.setting("kestra.url");
        if (url.isEmpty()) {
            if (unit.complete()) {
                report.add(Rule.KESTRA_URL_MISSING, unit.anchor(), "kestra.url is not set, so links in notifications"
                        + " and execution URLs are missing or wrong");
            }
            return;
        }
        String value = unit.resolve(url.get().value());
        if (value == null) {
            return;
        }
        String v = value.strip();
        String path = ProxyContext.urlPath(v);
        boolean uiOrApi = false;
        if (path != null) {
            for (String segment : path.split("/")) {
                String s = segment.toLowerCase(Locale.ROOT);
                if (s.equals("ui") || s.equals("api")) {
                    uiOrApi = true;
                }
            }
        }
        if (uiOrApi) {
            report.add(Rule.KESTRA_URL_UI_OR_API, url.get().at(), "kestra.url " + v + " contains /ui or /api,"
                    + " which Kestra adds itself");
        }
        if (!v.endsWith("/")) {
            report.add(Rule.KESTRA_URL_TRAILING_SLASH, url.get().at(), "kestra.url " + v + " does not end with '/'",
                    "write " + v + "/");
        }
        if (path == null || uiOrApi) {
            return;
        }
        Optional<KestraUnit.Setting> cp = unit.setting("micronaut.server.context-path");
        String context = cp.isPresent() ? ProxyContext.normalizePath(unit.resolve(cp.get().value()))
                : unit.complete() ? "/" : null;
        if (context != null && !ProxyContext.withSlash(context).equals(path)) {
            report.add(Rule.CONTEXT_PATH_MISMATCH, url.get().at(), "kestra.url has the path " + path
                    + " but micronaut.server.context-path is " + context
                    + (cp.isEmpty() ? " (not set)" : ""),
                    context.equals("/") ? "set micronaut.server.context-path: " + path.substring(0, path.length() - 1)
                            + " or remove the path from kestra.url"
                            : "make kestra.url end with " + context + "/");
        }
    }

    private static void spelledTwice(KestraConfig config, Report report) {
        Map<String, KestraConfig.Prop> first = new LinkedHashMap<>();
        for (KestraConfig.Prop p : config.props()) {
            KestraConfig.Prop earlier = first.putIfAbsent(p.name(), p);
            if (earlier != null) {
                report.add(Rule.KESTRA_KEY_SPELLED_TWICE, config.file(), p.key().line(),
                        p.written() + " sets the same property as " + earlier.written() + " on line "
                                + earlier.key().line() + "; one of them silently wins",
                        "keep one entry, spelled " + p.name());
            }
        }
    }

    private static void secrets(KestraConfig config, Report report) {
        for (KestraConfig.Prop p : config.props()) {
            String last = p.name().substring(p.name().lastIndexOf('.') + 1);
            if (!SECRET_KEY.matcher(last).find()) {
                continue;
            }
            Located at = new Located(config.file(), p.line());
            if (config.inline()) {
                // Compose interpolates the YAML text before Kestra reads it: judge the line as written.
                String line = config.source().lineText(p.line());
                Interpolation.Result r = Interpolation.apply(line, n -> null);
                Optional<Interpolation.Reference> committed = ComposeChecks.committedDefault(r);
                if (committed.isPresent()) {
                    report.add(Rule.LITERAL_SECRET, at, p.written() + " takes a default written in"
                            + " KESTRA_CONFIGURATION when " + committed.get().name() + " is unset; the default is"
                            + " committed with the Compose file",
                            "drop the default and pass the secret to the Kestra container as its own variable,"
                                    + " written $${VARIABLE} in KESTRA_CONFIGURATION");
                    continue;
                }
                if (Interpolation.hasInterpolation(line)) {
                    report.add(Rule.KESTRA_SECRET_PASTED_INTO_YAML, at, p.written() + " gets its value from a"
                            + " Compose variable pasted into the YAML of KESTRA_CONFIGURATION");
                    continue;
                }
            }
            Optional<String> text = p.text();
            if (text.isEmpty() || text.get().isBlank()) {
                continue;
            }
            if (text.get().contains("${")) {
                String d = micronautDefault(text.get());
                if (d != null && !config.inline()) {
                    report.add(Rule.LITERAL_SECRET, at, p.written() + " has a default written in the Kestra"
                            + " configuration, used whenever its variable is unset",
                            "drop the default: write " + p.written() + ": \"${VARIABLE}\"");
                }
                continue;
            }
            report.add(Rule.LITERAL_SECRET, at, p.written() + " is written literally in "
                    + (config.inline() ? "KESTRA_CONFIGURATION" : "the Kestra configuration"),
                    "keep the value in .env, pass it to the Kestra container as a variable, and write "
                            + p.written() + ": \"${VARIABLE}\""
                            + (config.inline() ? " (as $${VARIABLE} inside the Compose file)" : ""));
        }
    }

    /** The literal default of a Micronaut placeholder {@code ${NAME:default}}, or null. */
    private static @org.jspecify.annotations.Nullable String micronautDefault(String value) {
        int open = value.indexOf("${");
        int close = open < 0 ? -1 : value.indexOf('}', open);
        if (close < 0) {
            return null;
        }
        String inner = value.substring(open + 2, close);
        int colon = inner.indexOf(':');
        String d = colon < 0 ? "" : inner.substring(colon + 1);
        return d.isBlank() || d.contains("$") ? null : d;
    }
}
