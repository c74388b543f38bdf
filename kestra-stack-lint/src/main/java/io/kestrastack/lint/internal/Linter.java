package io.kestrastack.lint.internal;

import io.kestrastack.lint.Finding;
import io.kestrastack.lint.Rule;
import io.kestrastack.lint.internal.Report.Located;
import io.kestrastack.lint.internal.YamlTree.YMap;
import io.kestrastack.lint.internal.YamlTree.YNode;
import io.kestrastack.lint.internal.YamlTree.YScalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Runs the whole catalogue over a set of files: recognises each file, reads the Compose projects with
 * their {@code .env}, the Kestra configurations (KESTRA_CONFIGURATION, --config files, files on their
 * own), the Caddyfiles and nginx files (also those an edge service mounts), then checks each part and
 * the relations between them.
 */
public final class Linter {

    /** What a file is. */
    public enum Kind { COMPOSE, ENV, KESTRA, CADDY, NGINX }

    private static final Set<String> COMPOSE_NAMES =
            Set.of("docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml");
    private static final Pattern TOP_LEVEL_KEY =
            Pattern.compile("(?m)^(services|kestra|datasources|micronaut)\\s*:");
    private static final Pattern NGINX_LIKE =
            Pattern.compile("(?m)^\\s*(http|server|location|upstream|events)\\b[^;{]*\\{|^\\s*proxy_pass\\s");

    private final FileSet files;
    private final Report report = new Report();
    private final Map<String, Kind> kinds = new LinkedHashMap<>();

    private Linter(FileSet files) {
        this.files = files;
    }

    /**
     * Lints files of {@code files}.
     *
     * @param paths each path, with whether the caller named it explicitly (then an unknown {@code *.conf}
     *     is read as nginx) rather than it being found by walking a directory
     */
    public static List<Finding> lint(FileSet files, Map<String, Boolean> paths) {
        Linter l = new Linter(files);
        for (Map.Entry<String, Boolean> p : paths.entrySet()) {
            l.guarded(p.getKey(), () -> {
                l.classify(p.getKey(), p.getValue());
                return Boolean.TRUE;
            });
        }
        l.run();
        return l.report.findings();
    }

    /** The finding for a path that cannot be linted at all (it does not exist, or cannot be listed). */
    public static Finding unreadable(String path, String why) {
        return new Finding(path, 1, Rule.FILE_UNREADABLE, why, "check the path");
    }

    /** Whether a file with this name could be a stack file (before looking inside). */
    public static boolean candidate(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return COMPOSE_NAMES.contains(n) || n.equals(".env") || fileName.startsWith("Caddyfile")
                || n.endsWith(".caddyfile") || n.endsWith(".conf") || n.endsWith(".yml") || n.endsWith(".yaml");
    }

    private void classify(String path, boolean explicit) {
        String name = files.fileName(path);
        String lower = name.toLowerCase(Locale.ROOT);
        Kind kind = null;
        if (COMPOSE_NAMES.contains(lower)) {
            kind = Kind.COMPOSE;
        } else if (lower.equals(".env")) {
            kind = Kind.ENV;
        } else if (name.startsWith("Caddyfile") || lower.endsWith(".caddyfile")) {
            kind = Kind.CADDY;
        } else if (lower.endsWith(".conf")) {
            if (explicit || lower.equals("nginx.conf") || path.replace('\\', '/').contains("nginx/")) {
                kind = Kind.NGINX;
            } else {
                Source s = sniff(path);
                kind = s != null && NGINX_LIKE.matcher(s.text()).find() ? Kind.NGINX : null;
            }
        } else if (lower.endsWith(".yml") || lower.endsWith(".yaml")) {
            if (lower.startsWith("application")) {
                kind = Kind.KESTRA;
            } else {
                Source s = sniff(path);
                if (s != null) {
                    java.util.regex.Matcher m = TOP_LEVEL_KEY.matcher(s.text());
                    if (m.find()) {
                        kind = m.group(1).equals("services") ? Kind.COMPOSE : Kind.KESTRA;
                    }
                }
            }
        }
        if (kind != null) {
            kinds.putIfAbsent(path, kind);
        }
    }

    /**
     * Reads a file only to see what it is: a file that cannot be read as text is simply not recognised, and
     * nothing is reported about it (it may be any YAML or .conf file that happens to lie in the directory).
     */
    private @Nullable Source sniff(String path) {
        return files.read(path, new Report());
    }

    private void run() {
        List<ComposeProject> projects = new ArrayList<>();
        List<KestraUnit> units = new ArrayList<>();
        Set<String> consumed = new LinkedHashSet<>();
        Map<String, Map<String, String>> proxyEnvironments = new LinkedHashMap<>();
        Map<String, Kind> proxies = new LinkedHashMap<>();

        for (Map.Entry<String, Kind> e : kinds.entrySet()) {
            if (e.getValue() == Kind.COMPOSE) {
                guarded(e.getKey(), () -> {
                    readCompose(e.getKey(), projects, units, consumed, proxies, proxyEnvironments);
                    return Boolean.TRUE;
                });
            }
        }

        for (Map.Entry<String, Kind> e : kinds.entrySet()) {
            String path = e.getKey();
            switch (e.getValue()) {
                case ENV -> {
                    if (!consumed.contains(path)) {
                        Source s = files.read(path, report);
                        if (s != null) {
                            guarded(path, () -> DotEnv.parse(s, report));
                        }
                    }
                }
                case KESTRA -> {
                    if (!consumed.contains(path)) {
                        KestraConfig c = guarded(path, () -> readConfigFile(path));
                        if (c != null) {
                            units.add(new KestraUnit(List.of(c), null, null, c.anchor(), true));
                        }
                    }
                }
                case CADDY, NGINX -> proxies.putIfAbsent(path, e.getValue());
                default -> { }
            }
        }

        // A multi-file project: services of the other Compose files of the same directory (an override file
        // adds to a service of the main file, which then is not complete in either file alone).
        for (int i = 0; i < units.size(); i++) {
            KestraUnit u = units.get(i);
            if (u.service() != null && u.project() != null && !otherServices(u.project(), projects).isEmpty()
                    && otherServices(u.project(), projects).contains(u.service().name())) {
                units.set(i, u.incomplete());
            }
        }
        // Compose files that other Compose files name in 'extends: {file: ...}' hold templates, not services.
        Set<String> templates = new LinkedHashSet<>();
        for (ComposeProject p : projects) {
            for (ComposeProject.Service s : p.services()) {
                s.node().map("extends").flatMap(e -> e.scalar("file")).map(YScalar::value)
                        .ifPresent(f -> templates.add(files.resolve(files.parent(p.file()), f)));
            }
        }
        // A proxy configuration of the same stack that is not mounted into a service is a proxy installed on
        // the host: it is the stack's edge as much as a Caddy or nginx service is.
        Set<String> hostProxied = new LinkedHashSet<>();
        for (String proxy : proxies.keySet()) {
            if (proxyEnvironments.containsKey(proxy)) {
                continue;
            }
            Set<String> ancestors = ancestors(proxy);
            String siblingParent = files.parent(files.parent(proxy));
            for (ComposeProject p : projects) {
                if (related(p.file(), ancestors, siblingParent)) {
                    hostProxied.add(p.file());
                }
            }
        }
        for (ComposeProject project : projects) {
            guarded(project.file(), () -> {
                ComposeChecks.check(project, units, otherServices(project, projects),
                        templates.contains(project.file()), hostProxied.contains(project.file()), report);
                return Boolean.TRUE;
            });
        }
        for (KestraUnit unit : units) {
            guarded(unit.anchor().file(), () -> {
                KestraChecks.check(unit, report);
                return Boolean.TRUE;
            });
        }

        for (Map.Entry<String, Kind> e : proxies.entrySet()) {
            String path = e.getKey();
            Source s = files.read(path, report);
            if (s == null) {
                continue;
            }
            guarded(path, () -> {
                ProxyContext context = contextFor(path, projects, units);
                if (e.getValue() == Kind.CADDY) {
                    Map<String, String> env = proxyEnvironments.getOrDefault(path, Map.of());
                    CaddyChecks.check(Caddyfile.parse(s, env, report), context, report);
                } else {
                    NginxChecks.check(NginxConfig.parse(s, report), context, report);
                }
                return Boolean.TRUE;
            });
        }
    }

    /** The services of the other Compose files in the directory of {@code project}. */
    private Set<String> otherServices(ComposeProject project, List<ComposeProject> projects) {
        Set<String> out = new LinkedHashSet<>();
        String dir = files.parent(project.file());
        for (ComposeProject p : projects) {
            if (p != project && files.parent(p.file()).equals(dir)) {
                for (ComposeProject.Service s : p.services()) {
                    out.add(s.name());
                }
            }
        }
        return out;
    }

    /** Reads a Compose file with its .env, its Kestra servers and the proxy files its services mount. */
    private void readCompose(String path, List<ComposeProject> projects, List<KestraUnit> units, Set<String> consumed,
            Map<String, Kind> proxies, Map<String, Map<String, String>> proxyEnvironments) {
        String envPath = files.resolve(files.parent(path), ".env");
        consumed.add(envPath);
        DotEnv env = null;
        Source envSource = files.read(envPath, report);
        if (envSource != null) {
            env = DotEnv.parse(envSource, report);
        }
        Source source = files.read(path, report);
        if (source == null) {
            return;
        }
        Optional<YNode> root = YamlTree.parse(source.text(), path, l -> l + 1, "the Compose file", report);
        if (root.isEmpty()) {
            return;
        }
        if (!(root.get() instanceof YMap map)) {
            report.add(Rule.YAML_SYNTAX, path, root.get().line(), "the Compose file is not a mapping of keys");
            return;
        }
        ComposeProject project = new ComposeProject(source, env, map, declaredNames(files.parent(path)));
        projects.add(project);
        for (ComposeProject.Service service : project.services()) {
            if (service.isKestra()) {
                units.add(kestraUnit(project, service, consumed));
            }
            for (ComposeProject.Mount m : service.mounts()) {
                if (!m.bind()) {
                    continue;
                }
                String local = files.resolve(files.parent(path), m.source());
                Kind kind = mountedKind(m.target(), files.fileName(local));
                if (kind != null && files.isFile(local)) {
                    proxies.putIfAbsent(local, kind);
                    proxyEnvironments.putIfAbsent(local, service.environmentValues());
                }
            }
        }
    }

    /** Files beside a Compose file that name the variables its .env must define, without their values. */
    private static final List<String> ENV_EXAMPLES = List.of(".env.example", ".env.sample", ".env.template",
            ".env.dist", ".env.defaults", "env.example", "example.env", ".env.tpl");

    private static final Pattern ENV_NAME = Pattern.compile("(?m)^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=");

    /** The variable names of the .env.example-style files in {@code dir}. */
    private List<String> declaredNames(String dir) {
        List<String> out = new ArrayList<>();
        for (String name : ENV_EXAMPLES) {
            String p = files.resolve(dir, name);
            if (!files.isFile(p)) {
                continue;
            }
            Source s = files.read(p, new Report());
            if (s != null) {
                java.util.regex.Matcher m = ENV_NAME.matcher(s.text());
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    /**
     * What a proxy file is checked against: the Compose projects and Kestra servers of the same stack, that
     * is, those whose file lies in the proxy's directory or a directory above it, or in a sibling of the
     * proxy's directory (as {@code kestra/application.yaml} and {@code nginx/nginx.conf} are).
     */
    private ProxyContext contextFor(String proxyPath, List<ComposeProject> projects, List<KestraUnit> units) {
        Set<String> ancestors = ancestors(proxyPath);
        String siblingParent = files.parent(files.parent(proxyPath));
        List<String> hosts = null;
        Set<Integer> hostPorts = new LinkedHashSet<>();
        for (ComposeProject p : projects) {
            if (related(p.file(), ancestors, siblingParent)) {
                if (hosts == null) {
                    hosts = new ArrayList<>();
                }
                for (ComposeProject.Service service : p.services()) {
                    if (service.isKestra()) {
                        hosts.addAll(service.hostNames());
                        for (ComposeProject.Port port : service.ports()) {
                            if (port.hostPort() > 0 && port.covers(8080)) {
                                hostPorts.add(port.hostPort());
                            }
                        }
                    }
                }
            }
        }
        List<KestraUnit> mine = new ArrayList<>();
        for (KestraUnit u : units) {
            if (related(u.anchor().file(), ancestors, siblingParent)) {
                mine.add(u);
            }
        }
        return ProxyContext.of(hosts, mine, hostPorts);
    }

    /** The directories that hold {@code path}, nearest first. */
    private Set<String> ancestors(String path) {
        Set<String> ancestors = new LinkedHashSet<>();
        String dir = files.parent(path);
        for (int i = 0; i < 32 && ancestors.add(dir) && !dir.isEmpty(); i++) {
            dir = files.parent(dir);
        }
        return ancestors;
    }

    private boolean related(String file, Set<String> proxyAncestors, String siblingParent) {
        String dir = files.parent(file);
        return proxyAncestors.contains(dir) || files.parent(dir).equals(siblingParent);
    }

    /** The Kestra image's working directory (Dockerfile WORKDIR /app): relative paths are read from there. */
    private static final String IMAGE_WORKDIR = "/app";

    /**
     * The Kestra server of a Compose service: KESTRA_CONFIGURATION, any --config file (a relative one below
     * the image's working directory), files named by MICRONAUT_CONFIG_FILES, and configuration files mounted
     * into the container. When the command is a wrapper script rather than {@code server ...}, or a mounted
     * configuration file is not named on the command line, what Kestra reads cannot be told, and nothing is
     * reported as missing.
     */
    private KestraUnit kestraUnit(ComposeProject project, ComposeProject.Service service, Set<String> consumed) {
        List<KestraConfig> configs = new ArrayList<>();
        boolean complete = true;
        ComposeProject.EnvVar inline = service.environment().get("KESTRA_CONFIGURATION");
        if (inline != null) {
            configs.add(inlineConfig(project, inline));
        }
        List<String> words = service.commandLine();
        int server = words.indexOf("server");
        if (server < 0) {
            complete = false;
        }
        List<String> targets = new ArrayList<>();
        for (int i = server + 1; server >= 0 && i < words.size(); i++) {
            String w = words.get(i);
            if ((w.equals("--config") || w.equals("-c")) && i + 1 < words.size()) {
                targets.add(words.get(i + 1));
            } else if (w.startsWith("--config=")) {
                targets.add(w.substring("--config=".length()));
            }
        }
        ComposeProject.EnvVar configFiles = service.environment().get("MICRONAUT_CONFIG_FILES");
        if (configFiles != null && configFiles.value() == null) {
            complete = false;
        } else if (configFiles != null && configFiles.value() != null) {
            for (String f : configFiles.value().split(",")) {
                if (!f.isBlank()) {
                    targets.add(f.strip());
                }
            }
        }
        Set<String> named = new LinkedHashSet<>();
        for (String t : targets) {
            String target = t.startsWith("/") ? t : IMAGE_WORKDIR + "/" + (t.startsWith("./") ? t.substring(2) : t);
            named.add(target);
            String local = localPath(project, service, target);
            KestraConfig c = local == null ? null : readConfigFile(local);
            if (local != null) {
                consumed.add(local);
            }
            if (c != null) {
                configs.add(c);
            } else {
                complete = false;
                report.add(Rule.KESTRA_CONFIG_NOT_LINTED, project.file(), service.line(),
                        "service " + service.name() + " reads its configuration from " + t
                                + (local == null ? ", which no bind mount of a local file provides"
                                        : ", mounted from " + local + ", which is not among the linted files"));
            }
        }
        for (ComposeProject.Mount m : service.mounts()) {
            String t = m.target().toLowerCase(Locale.ROOT);
            if (!m.bind() || named.contains(m.target()) || !(t.endsWith(".yml") || t.endsWith(".yaml"))) {
                continue;
            }
            // A configuration file mounted but not named on the command line: a wrapper script or
            // MICRONAUT_CONFIG_FILES may load it. Check what it says, but do not call anything missing.
            complete = false;
            String local = files.resolve(files.parent(project.file()), m.source());
            if (files.isFile(local) && kinds.get(local) == Kind.KESTRA) {
                KestraConfig c = readConfigFile(local);
                consumed.add(local);
                if (c != null) {
                    configs.add(c);
                }
            }
        }
        return new KestraUnit(configs, project, service, new Located(project.file(),
                inline != null ? inline.line() : service.line()), complete);
    }

    /** The local file a bind mount puts at {@code containerPath}, or null. */
    private @Nullable String localPath(ComposeProject project, ComposeProject.Service service, String containerPath) {
        for (ComposeProject.Mount m : service.mounts()) {
            if (!m.bind()) {
                continue;
            }
            String dir = files.parent(project.file());
            if (containerPath.equals(m.target())) {
                return files.resolve(dir, m.source());
            }
            if (containerPath.startsWith(m.target() + "/")) {
                return files.resolve(files.resolve(dir, m.source()), containerPath.substring(m.target().length() + 1));
            }
        }
        return null;
    }

    private KestraConfig inlineConfig(ComposeProject project, ComposeProject.EnvVar inline) {
        YScalar scalar = inline.node();
        Located anchor = new Located(project.file(), inline.line());
        // Unknown variables stay marked in the text (Interpolation.UNKNOWN_MARK): their values are unknown,
        // not empty, and are not checked.
        String text = inline.value() != null ? inline.value() : inline.interpolation().value();
        if (inline.listForm()) {
            int eq = text.indexOf('=');
            text = eq < 0 ? "" : text.substring(eq + 1);
        }
        int base = scalar.line();
        boolean literal = scalar.literalBlock();
        Optional<YNode> root = YamlTree.parse(text, project.file(), l -> literal ? base + 1 + l : base,
                "KESTRA_CONFIGURATION", report);
        if (root.isPresent() && !(root.get() instanceof YMap)) {
            report.add(Rule.YAML_SYNTAX, project.file(), root.get().line(),
                    "KESTRA_CONFIGURATION is not a mapping of settings");
            root = Optional.empty();
        }
        boolean readable = root.isPresent() || text.isBlank();
        return new KestraConfig(project.source(), readable ? root.orElse(new YMap(List.of(), base)) : null, scalar,
                anchor);
    }

    private @Nullable KestraConfig readConfigFile(String path) {
        Source s = files.read(path, report);
        if (s == null) {
            return null;
        }
        Optional<YNode> root = YamlTree.parse(s.text(), path, l -> l + 1, "the Kestra configuration", report);
        Located anchor = new Located(path, 1);
        if (root.isPresent() && root.get() instanceof YMap m) {
            anchor = m.entry("kestra").map(e -> new Located(path, e.key().line())).orElse(anchor);
            return new KestraConfig(s, m, null, anchor);
        }
        if (root.isPresent()) {
            report.add(Rule.YAML_SYNTAX, path, root.get().line(), "the Kestra configuration is not a mapping of settings");
        }
        return new KestraConfig(s, root.isEmpty() && s.text().isBlank() ? new YMap(List.of(), 1) : null, null, anchor);
    }

    private static @Nullable Kind mountedKind(String target, String localName) {
        String t = target.toLowerCase(Locale.ROOT);
        if (localName.startsWith("Caddyfile") || t.endsWith("/caddyfile")) {
            return Kind.CADDY;
        }
        if (t.startsWith("/etc/nginx/") && t.endsWith(".conf")) {
            return Kind.NGINX;
        }
        return null;
    }

    /**
     * Runs a step; an unexpected exception becomes a finding instead of escaping. Only the exception's type
     * is reported: its message could quote the file, secrets included.
     */
    private <T> @Nullable T guarded(String file, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException | StackOverflowError e) {
            report.add(Rule.LINT_INTERNAL_ERROR, file, 1, "checking this file failed with " + e.getClass().getName()
                    + "; the findings for it are incomplete");
            return null;
        }
    }
}
