package io.kestrastack.lint.internal;

import io.kestrastack.lint.internal.YamlTree.YEntry;
import io.kestrastack.lint.internal.YamlTree.YMap;
import io.kestrastack.lint.internal.YamlTree.YNode;
import io.kestrastack.lint.internal.YamlTree.YScalar;
import io.kestrastack.lint.internal.YamlTree.YSeq;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A Compose file read for linting: its tree, its {@code .env}, and its services with helpers. */
public final class ComposeProject {

    /**
     * Variables of the shell Compose runs in, which Compose reads like any other (the linter cannot know
     * their values, and a stack that uses them means them).
     */
    static final java.util.Set<String> SHELL_VARIABLES = java.util.Set.of("PWD", "HOME", "USER", "HOSTNAME");

    private final Source source;
    private final @Nullable DotEnv env;
    private final YMap root;
    private final java.util.Set<String> declared = new java.util.LinkedHashSet<>();
    private final List<Service> services = new ArrayList<>();
    private final Map<YScalar, Interpolation.Result> interpolated = new IdentityHashMap<>();

    /**
     * @param declared variables the stack declares without giving their values here: the names of an
     *     {@code .env.example}-style file beside the Compose file
     */
    ComposeProject(Source source, @Nullable DotEnv env, YMap root, java.util.Collection<String> declared) {
        this.source = source;
        this.env = env;
        this.root = root;
        this.declared.addAll(declared);
        // ${NAME:?message} anywhere makes Compose refuse to start without NAME: the variable is declared.
        ComposeChecks.walk(root, java.util.Collections.newSetFromMap(new IdentityHashMap<>()), s -> {
            for (Interpolation.Reference r : Interpolation.apply(s.value(), n -> null).references()) {
                if (r.required()) {
                    this.declared.add(r.name());
                }
            }
        });
        root.map("services").ifPresent(s -> {
            for (YEntry e : s.entries()) {
                if (e.value() instanceof YMap m) {
                    services.add(new Service(e.key().value(), e.key(), m));
                }
            }
        });
    }

    /** The Compose file. */
    public Source source() {
        return source;
    }

    /** The file path, as reported. */
    public String file() {
        return source.path();
    }

    /** The project's {@code .env}, if there is one. */
    public @Nullable DotEnv env() {
        return env;
    }

    /** The document root. */
    public YMap root() {
        return root;
    }

    /** Services in file order. */
    public List<Service> services() {
        return services;
    }

    /** The interpolation of a scalar of this file (computed once). */
    public Interpolation.Result interpolate(YScalar scalar) {
        return interpolated.computeIfAbsent(scalar, s -> Interpolation.apply(s.value(), this::lookup, this::unknown));
    }

    /** Interpolates any text as Compose would in this project. */
    public Interpolation.Result interpolate(String text) {
        return Interpolation.apply(text, this::lookup, this::unknown);
    }

    private @Nullable String lookup(String name) {
        String v = env == null ? null : env.lookup(name);
        if (v == null && name.equals("PWD")) {
            // Compose is run from the project directory: $PWD in a bind mount is that directory.
            return ".";
        }
        return v;
    }

    /**
     * Whether a variable that .env does not define is nevertheless set where Compose runs: it is declared
     * (an .env.example names it, or ${NAME:?} requires it), it is a shell variable, or there is no .env
     * here at all and the name is written like an environment variable (upper case).
     */
    private boolean unknown(String name) {
        return declared.contains(name) || SHELL_VARIABLES.contains(name) || (env == null && envLike(name));
    }

    /** Whether the variable is unknown only because the project's .env is not among the linted files. */
    public boolean fromMissingEnv(String name) {
        return env == null && envLike(name) && !declared.contains(name) && !SHELL_VARIABLES.contains(name);
    }

    private static boolean envLike(String name) {
        return name.matches("[A-Z_][A-Z0-9_]*");
    }

    /** The interpolated value of a scalar, or null when a variable in it cannot be resolved. */
    public @Nullable String resolved(YScalar scalar) {
        Interpolation.Result r = interpolate(scalar);
        return r.complete() ? r.value() : null;
    }

    /** A service. */
    public final class Service {
        private final String name;
        private final YScalar key;
        private final YMap node;

        Service(String name, YScalar key, YMap node) {
            this.name = name;
            this.key = key;
            this.node = node;
        }

        /** Service name. */
        public String name() {
            return name;
        }

        /** Line of the service's key. */
        public int line() {
            return key.line();
        }

        /** The service's mapping. */
        public YMap node() {
            return node;
        }

        /** The image, interpolated; empty when absent or not resolvable. */
        public Optional<Image> image() {
            return node.scalar("image").map(ComposeProject.this::resolved).map(Image::parse);
        }

        /** The image scalar, for its line. */
        public Optional<YScalar> imageNode() {
            return node.scalar("image");
        }

        /** The last path segment of the image repository, lower-case; empty when unknown. */
        public String imageName() {
            return image().map(Image::name).orElse("");
        }

        /** Whether this runs the official Postgres image (or PostGIS, which is built on it). */
        public boolean isPostgres() {
            String repo = image().map(Image::repository).orElse("");
            String last = imageName();
            return last.equals("postgres") && (repo.equals("postgres") || repo.endsWith("library/postgres"))
                    || repo.equals("postgis/postgis");
        }

        /**
         * Whether this is only part of a service: an override file's entry or a service that
         * {@code extends} another, with neither an image nor a build of its own.
         */
        public boolean partial() {
            return node.get("extends").isPresent() || (node.get("image").isEmpty() && node.get("build").isEmpty());
        }

        /** Whether this is an edge proxy: Caddy, nginx, Traefik, HAProxy or Envoy. */
        public boolean isEdge() {
            String n = imageName();
            return n.equals("caddy") || n.equals("nginx") || n.equals("traefik") || n.equals("haproxy")
                    || n.equals("envoy") || n.equals("nginx-unprivileged") || n.equals("openresty");
        }

        /**
         * Whether this runs Kestra: a Kestra image, or a KESTRA_CONFIGURATION variable; not a service that
         * replaces the image's entrypoint with another program (such as a one-shot {@code chown} of the
         * storage volume on Kestra's image).
         */
        public boolean isKestra() {
            if (replacesEntrypoint()) {
                return false;
            }
            return imageName().equals("kestra") || imageName().startsWith("kestra-")
                    || environment().containsKey("KESTRA_CONFIGURATION");
        }

        /**
         * Whether {@code entrypoint} runs a program other than Kestra: neither the entrypoint nor the command
         * names Kestra's CLI ({@code /app/kestra}, {@code docker-entrypoint.sh}) or a {@code server}
         * subcommand, as a shell wrapper around {@code /app/kestra server ...} does.
         */
        private boolean replacesEntrypoint() {
            Optional<YNode> entrypoint = node.get("entrypoint");
            if (entrypoint.isEmpty()) {
                return false;
            }
            String text = words(entrypoint.get()) + " " + node.get("command").map(ComposeProject.Service::words).orElse("");
            return !text.isBlank() && !text.matches("(?s).*(/app/kestra|docker-entrypoint\\.sh|(^|\\s)server\\s).*");
        }

        private static String words(YNode node) {
            if (node instanceof YSeq seq) {
                StringBuilder out = new StringBuilder();
                for (YNode item : seq.items()) {
                    if (item instanceof YScalar scalar) {
                        out.append(scalar.value()).append(' ');
                    }
                }
                return out.toString();
            }
            return node instanceof YScalar scalar ? scalar.value() : "";
        }

        /**
         * Whether the service runs once to completion ({@code restart: "no"} or {@code on-failure}) rather
         * than staying up; such a service needs no healthcheck, others wait for it to complete.
         */
        public boolean isOneShot() {
            return node.scalar("restart").map(r -> r.value().equals("no") || r.value().startsWith("on-failure"))
                    .orElse(false);
        }

        /** The environment, interpolated, with each variable's scalar; list entries {@code K=V} too. */
        public Map<String, EnvVar> environment() {
            Map<String, EnvVar> out = new LinkedHashMap<>();
            Optional<YNode> env = node.get("environment");
            if (env.isPresent() && env.get() instanceof YMap m) {
                for (YEntry e : m.entries()) {
                    if (e.value() instanceof YScalar v) {
                        out.put(e.key().value(), new EnvVar(e.key().value(), v, v.isNull() ? null : resolved(v),
                                interpolate(v), e.key().line(), false));
                    }
                }
            } else if (env.isPresent() && env.get() instanceof YSeq s) {
                for (YNode item : s.items()) {
                    if (item instanceof YScalar v) {
                        String text = v.value();
                        int eq = text.indexOf('=');
                        String name = eq < 0 ? text : text.substring(0, eq);
                        Interpolation.Result r = interpolate(v);
                        String value = null;
                        if (eq >= 0 && r.complete()) {
                            int resolvedEq = r.value().indexOf('=');
                            value = resolvedEq < 0 ? "" : r.value().substring(resolvedEq + 1);
                        }
                        out.put(name, new EnvVar(name, v, value, r, v.line(), true));
                    }
                }
            }
            return out;
        }

        /** Environment values as plain strings (unresolvable ones left out). */
        public Map<String, String> environmentValues() {
            Map<String, String> out = new LinkedHashMap<>();
            for (EnvVar v : environment().values()) {
                if (v.value() != null) {
                    out.put(v.name(), v.value());
                }
            }
            return out;
        }

        /** Entrypoint then command, as words; a string form is split on white space. */
        public List<String> commandLine() {
            List<String> out = new ArrayList<>();
            words(node.get("entrypoint"), out);
            words(node.get("command"), out);
            return out;
        }

        private void words(Optional<YNode> node, List<String> out) {
            if (node.isEmpty()) {
                return;
            }
            if (node.get() instanceof YScalar s && !s.isNull()) {
                String v = Optional.ofNullable(resolved(s)).orElse(s.value());
                for (String w : v.strip().split("\\s+")) {
                    if (!w.isEmpty()) {
                        out.add(w);
                    }
                }
            } else if (node.get() instanceof YSeq seq) {
                for (YNode item : seq.items()) {
                    if (item instanceof YScalar s) {
                        String v = Optional.ofNullable(resolved(s)).orElse(s.value());
                        // "sh -c" scripts hold a whole command line in one item.
                        for (String w : v.strip().split("\\s+")) {
                            if (!w.isEmpty()) {
                                out.add(w);
                            }
                        }
                    }
                }
            }
        }

        /** Published ports. */
        public List<Port> ports() {
            List<Port> out = new ArrayList<>();
            Optional<YSeq> seq = node.get("ports").filter(YSeq.class::isInstance).map(YSeq.class::cast);
            if (seq.isEmpty()) {
                return out;
            }
            for (YNode item : seq.get().items()) {
                if (item instanceof YScalar s) {
                    String v = resolved(s);
                    if (v != null) {
                        Port.parse(v, s.line()).ifPresent(out::add);
                    }
                } else if (item instanceof YMap m) {
                    String target = m.scalar("target").map(ComposeProject.this::resolved).orElse(null);
                    String hostIp = m.scalar("host_ip").map(ComposeProject.this::resolved).orElse("");
                    String published = m.scalar("published").map(ComposeProject.this::resolved).orElse("");
                    if (target != null && target.matches("[0-9]+")) {
                        int t = Integer.parseInt(target);
                        out.add(new Port(hostIp == null ? "" : hostIp, t, t, m.line(),
                                published != null && published.matches("[0-9]{1,5}") ? Integer.parseInt(published) : -1));
                    }
                }
            }
            return out;
        }

        /** Mounts ({@code volumes}). */
        public List<Mount> mounts() {
            List<Mount> out = new ArrayList<>();
            Optional<YSeq> seq = node.get("volumes").filter(YSeq.class::isInstance).map(YSeq.class::cast);
            if (seq.isEmpty()) {
                return out;
            }
            for (YNode item : seq.get().items()) {
                if (item instanceof YScalar s) {
                    String v = resolved(s);
                    if (v != null) {
                        Mount.parse(v, s.line()).ifPresent(out::add);
                    }
                } else if (item instanceof YMap m) {
                    String type = m.scalar("type").map(ComposeProject.this::resolved).orElse("volume");
                    String src = m.scalar("source").map(ComposeProject.this::resolved).orElse("");
                    String target = m.scalar("target").map(ComposeProject.this::resolved).orElse(null);
                    if (target != null) {
                        out.add(new Mount(type.equals("bind"), src == null ? "" : src, target, m.line()));
                    }
                }
            }
            return out;
        }

        /** Names other services reach this one by: its name, container_name, hostname and network aliases. */
        public List<String> hostNames() {
            List<String> out = new ArrayList<>();
            out.add(name.toLowerCase(Locale.ROOT));
            for (String key : List.of("container_name", "hostname")) {
                node.scalar(key).map(ComposeProject.this::resolved).ifPresent(v -> out.add(v.toLowerCase(Locale.ROOT)));
            }
            node.map("networks").ifPresent(nets -> {
                for (YEntry e : nets.entries()) {
                    if (e.value() instanceof YMap n && n.get("aliases").orElse(null) instanceof YSeq aliases) {
                        for (YNode a : aliases.items()) {
                            if (a instanceof YScalar s) {
                                String v = resolved(s);
                                if (v != null) {
                                    out.add(v.toLowerCase(Locale.ROOT));
                                }
                            }
                        }
                    }
                }
            });
            return out;
        }
    }

    /**
     * An environment variable of a service.
     *
     * @param name the name
     * @param node the value's scalar (for a list entry: the whole {@code K=V} item)
     * @param value the interpolated value; null when unset or not resolvable
     * @param interpolation the interpolation of the raw value
     * @param line where the variable is
     * @param listForm whether it was written as a {@code K=V} list item
     */
    public record EnvVar(String name, YScalar node, @Nullable String value, Interpolation.Result interpolation,
            int line, boolean listForm) {

        /** The value as written in the file (for a list entry: after the '='). */
        public String raw() {
            if (!listForm) {
                return node.value();
            }
            int eq = node.value().indexOf('=');
            return eq < 0 ? "" : node.value().substring(eq + 1);
        }
    }

    /**
     * A published port.
     *
     * @param hostIp the host address, empty for all
     * @param containerFirst first container port
     * @param containerLast last container port (same as first unless a range)
     * @param line where it is written
     */
    public record Port(String hostIp, int containerFirst, int containerLast, int line, int hostPort) {

        /** A port whose host port is not known. */
        public Port(String hostIp, int containerFirst, int containerLast, int line) {
            this(hostIp, containerFirst, containerLast, line, -1);
        }

        /** Whether the range covers {@code port}. */
        public boolean covers(int port) {
            return containerFirst <= port && port <= containerLast;
        }

        /** Whether only the local host can reach it. */
        public boolean loopback() {
            String ip = hostIp.startsWith("[") && hostIp.endsWith("]") ? hostIp.substring(1, hostIp.length() - 1) : hostIp;
            return ip.startsWith("127.") || ip.equals("::1") || ip.equalsIgnoreCase("localhost");
        }

        /** Parses the short syntax {@code [[ip:]host:]container[/proto]}, with ranges. */
        static Optional<Port> parse(String text, int line) {
            String t = text.strip();
            int slash = t.lastIndexOf('/');
            if (slash >= 0) {
                t = t.substring(0, slash);
            }
            String hostIp = "";
            if (t.startsWith("[")) {
                int close = t.indexOf(']');
                if (close < 0) {
                    return Optional.empty();
                }
                hostIp = t.substring(0, close + 1);
                t = t.substring(close + 1);
                if (t.startsWith(":")) {
                    t = t.substring(1);
                }
            }
            String[] parts = t.split(":", -1);
            String container = parts[parts.length - 1];
            if (hostIp.isEmpty() && parts.length == 3) {
                hostIp = parts[0];
            } else if (hostIp.isEmpty() && parts.length > 3) {
                // An IPv6 address written without brackets.
                hostIp = String.join(":", java.util.Arrays.copyOf(parts, parts.length - 2));
            }
            String[] range = container.split("-", -1);
            int hostPort = -1;
            if (parts.length >= 2 && parts[parts.length - 2].matches("[0-9]{1,5}")) {
                hostPort = Integer.parseInt(parts[parts.length - 2]);
            }
            try {
                int first = Integer.parseInt(range[0]);
                int last = range.length > 1 ? Integer.parseInt(range[1]) : first;
                return Optional.of(new Port(hostIp, first, last, line, hostPort));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * A mount.
     *
     * @param bind whether the source is a host path rather than a named volume
     * @param source host path or volume name ({@code ""} for an anonymous volume)
     * @param target path in the container, without a trailing slash
     * @param line where it is written
     */
    public record Mount(boolean bind, String source, String target, int line) {

        public Mount {
            if (target.length() > 1 && target.endsWith("/")) {
                target = target.substring(0, target.length() - 1);
            }
        }

        /** Parses the short syntax {@code [source:]target[:mode]}. */
        static Optional<Mount> parse(String text, int line) {
            String t = text.strip();
            String[] parts = t.split(":", -1);
            if (parts.length == 1) {
                return Optional.of(new Mount(false, "", parts[0], line));
            }
            String src = parts[0];
            String target = parts[1];
            boolean bind = src.startsWith("/") || src.startsWith(".") || src.startsWith("~") || src.contains("/");
            return Optional.of(new Mount(bind, src, target, line));
        }
    }

    /**
     * An image reference.
     *
     * @param repository repository with registry, lower-case
     * @param tag tag, or null
     * @param digest digest, or null
     */
    public record Image(String repository, @Nullable String tag, @Nullable String digest) {

        /** Tags that move to new releases, alone or with a suffix such as {@code -lts} or {@code -no-plugins}. */
        private static final List<String> MOVING = List.of("latest", "develop", "nightly", "edge", "main", "master");

        static Image parse(String reference) {
            String r = reference.strip();
            String digest = null;
            int at = r.indexOf('@');
            if (at >= 0) {
                digest = r.substring(at + 1);
                r = r.substring(0, at);
            }
            String tag = null;
            int colon = r.lastIndexOf(':');
            if (colon > r.lastIndexOf('/')) {
                tag = r.substring(colon + 1);
                r = r.substring(0, colon);
            }
            return new Image(r.toLowerCase(Locale.ROOT), tag == null || tag.isEmpty() ? null : tag,
                    digest == null || digest.isEmpty() ? null : digest);
        }

        /** The last segment of the repository. */
        public String name() {
            return repository.substring(repository.lastIndexOf('/') + 1);
        }

        /**
         * Whether the tag names a line rather than a release, and so moves like {@code latest}: a variant
         * alone ({@code alpine}, {@code dind-rootless}, {@code bookworm}), a channel ({@code stable},
         * {@code mainline}), a CI build ({@code ci-...}), or a bare major with a variant ({@code 16-alpine}).
         * A digest pins it anyway.
         */
        public boolean floats() {
            if (digest != null || tag == null || moving()) {
                return false;
            }
            String t = tag.toLowerCase(Locale.ROOT);
            return t.startsWith("ci-") || !t.matches(".*[0-9].*") || t.matches("v?[0-9]+-[a-z].*");
        }

        /** Whether the tag moves ({@code latest}, {@code develop}, ...); a digest pins it anyway. */
        public boolean moving() {
            if (digest != null || tag == null) {
                return false;
            }
            String t = tag.toLowerCase(Locale.ROOT);
            for (String word : MOVING) {
                if (t.equals(word) || t.startsWith(word + "-")) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The major version the tag names, such as 18 for {@code 18.1-bookworm}; for an untagged image, a
         * moving tag or a tag naming only a variant ({@code alpine}), {@link Integer#MAX_VALUE} (the newest).
         * Empty for a digest-only reference.
         */
        public Optional<Integer> major() {
            if (tag == null) {
                return digest == null ? Optional.of(Integer.MAX_VALUE) : Optional.empty();
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("v?([0-9]{1,4})(?:[.-].*)?").matcher(tag);
            if (m.matches()) {
                return Optional.of(Integer.parseInt(m.group(1)));
            }
            return Optional.of(Integer.MAX_VALUE);
        }
    }
}
