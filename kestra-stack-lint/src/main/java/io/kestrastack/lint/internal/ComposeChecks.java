package io.kestrastack.lint.internal;

import io.kestrastack.lint.Rule;
import io.kestrastack.lint.internal.YamlTree.YEntry;
import io.kestrastack.lint.internal.YamlTree.YMap;
import io.kestrastack.lint.internal.YamlTree.YNode;
import io.kestrastack.lint.internal.YamlTree.YScalar;
import io.kestrastack.lint.internal.YamlTree.YSeq;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules about the Compose file itself and its services. */
final class ComposeChecks {

    /** Environment variable names that hold secrets. */
    static final Pattern SECRET_VARIABLE = Pattern.compile(
            "(?i)PASSWORD|PASSWD|SECRET|TOKEN"
                    + "|(^|_)(PASS|PWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|CONNECTION_STRING)($|_)");

    /** Names that match {@link #SECRET_VARIABLE} but conventionally hold a path to a file with the secret. */
    static final Pattern PATH_VARIABLE = Pattern.compile("(?i).*_(FILE|PATH|DIR|FILENAME)$|GOOGLE_APPLICATION_CREDENTIALS");

    private ComposeChecks() {}

    /**
     * @param otherServices names of the services that other Compose files of the same directory define (the
     *     files a multi-file project is assembled from), which a {@code depends_on} may name
     * @param template whether other Compose files extend this file's services ({@code extends: {file: ...}}):
     *     its entries are templates, whose healthchecks and dependencies the extending services define
     * @param hostProxy whether a proxy configuration of the stack is installed on the host rather than run as
     *     a service: an edge in front of the published ports
     */
    static void check(ComposeProject project, List<KestraUnit> units, Set<String> otherServices, boolean template,
            boolean hostProxy, Report report) {
        String file = project.file();
        project.root().entry("version").ifPresent(e -> report.add(Rule.COMPOSE_VERSION_KEY, file, e.key().line(),
                "the top-level 'version' key is obsolete; Compose v2 ignores it and warns"));
        interpolation(project, report);
        Set<String> healthyTargets = new java.util.LinkedHashSet<>();
        Set<String> oneShot = new java.util.LinkedHashSet<>();
        for (ComposeProject.Service service : project.services()) {
            if (service.node().get("depends_on").orElse(null) instanceof YMap deps) {
                for (YEntry e : deps.entries()) {
                    String condition = e.value() instanceof YMap m
                            ? m.scalar("condition").map(YScalar::value).orElse("") : "";
                    if (condition.equals("service_healthy")) {
                        healthyTargets.add(e.key().value());
                    } else if (condition.equals("service_completed_successfully")) {
                        oneShot.add(e.key().value());
                    }
                }
            }
        }
        boolean edge = hostProxy || project.services().stream().anyMatch(ComposeProject.Service::isEdge);
        for (ComposeProject.Service service : project.services()) {
            image(project, service, report);
            if (!template) {
                if (!oneShot.contains(service.name())) {
                    // A job others wait to complete (a storage-init step, say) has nothing to be healthy for.
                    healthcheck(project, service, healthyTargets.contains(service.name()), report);
                }
                dependsOn(project, service, otherServices, report);
            }
            ports(project, service, edge, report);
            postgresData(project, service, report);
            literalSecrets(project, service, report);
            dockerSocket(project, service, units, report);
            if (service.isKestra()) {
                serverLocal(project, service, units, report);
            }
        }
    }

    private static void interpolation(ComposeProject project, Report report) {
        Set<YNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<String> fromMissingEnv = new java.util.LinkedHashSet<>();
        int[] firstLine = {0};
        walk(project.root(), seen, scalar -> {
            Interpolation.Result r = project.interpolate(scalar);
            if (r.tooDeep()) {
                report.add(Rule.COMPOSE_INVALID_INTERPOLATION, project.file(), scalar.line(),
                        "defaults nest more than " + Interpolation.MAX_NESTING + " levels deep here (${A:-${B:-...}}),"
                                + " over the limit kestra-stack reads",
                        "flatten the defaults");
            }
            if (r.invalidAt() >= 0) {
                report.add(Rule.COMPOSE_INVALID_INTERPOLATION, project.file(), scalar.lineOf(r.invalidAt()),
                        "a '$' here is not followed by a variable name, '{' or '$'; Compose refuses the file"
                                + " (\"invalid template\")",
                        "write '$$' for a literal '$'");
            }
            for (Interpolation.Reference ref : r.unguardedUndefined()) {
                report.add(Rule.COMPOSE_UNESCAPED_DOLLAR, project.file(), scalar.lineOf(ref.offset()),
                        "Compose replaces $" + ref.name() + " here with the variable " + ref.name()
                                + ", which .env does not define, so it becomes an empty string",
                        "write '$$' if the '$' is literal (a Micronaut placeholder for Kestra is written $${"
                                + ref.name() + "}), or define " + ref.name() + " in .env");
            }
            for (Interpolation.Reference ref : r.references()) {
                if (ref.unknown() && project.fromMissingEnv(ref.name()) && fromMissingEnv.add(ref.name())
                        && firstLine[0] == 0) {
                    firstLine[0] = scalar.lineOf(ref.offset());
                }
            }
        });
        if (!fromMissingEnv.isEmpty()) {
            int n = fromMissingEnv.size();
            report.add(Rule.COMPOSE_VARIABLES_FROM_MISSING_ENV, project.file(), firstLine[0],
                    n + (n == 1 ? " variable comes" : " variables come") + " from an .env that is not here ("
                            + String.join(", ", fromMissingEnv) + "), so the values that use "
                            + (n == 1 ? "it" : "them") + " were not checked",
                    "lint the stack together with its .env, or commit an .env.example that names "
                            + (n == 1 ? "it" : "them"));
        }
    }

    static void walk(YNode node, Set<YNode> seen, java.util.function.Consumer<YScalar> visit) {
        if (!seen.add(node)) {
            return;
        }
        if (node instanceof YScalar s) {
            visit.accept(s);
        } else if (node instanceof YSeq seq) {
            for (YNode item : seq.items()) {
                walk(item, seen, visit);
            }
        } else if (node instanceof YMap map) {
            for (YEntry e : map.entries()) {
                walk(e.value(), seen, visit);
            }
        }
    }

    private static void image(ComposeProject project, ComposeProject.Service service, Report report) {
        Optional<YScalar> node = service.imageNode();
        Optional<ComposeProject.Image> image = service.image();
        if (node.isEmpty() || image.isEmpty()) {
            return;
        }
        ComposeProject.Image i = image.get();
        int line = node.get().line();
        if (i.tag() == null && i.digest() == null) {
            report.add(Rule.IMAGE_NOT_PINNED, project.file(), line,
                    "service " + service.name() + " uses " + i.repository() + " without a tag, which means :latest");
        } else if (i.moving()) {
            report.add(Rule.IMAGE_NOT_PINNED, project.file(), line,
                    "service " + service.name() + " uses the moving tag :" + i.tag() + " of " + i.repository());
        } else if (i.floats()) {
            report.add(Rule.IMAGE_TAG_FLOATS, project.file(), line,
                    "service " + service.name() + " uses :" + i.tag() + " of " + i.repository()
                            + ", a tag that is moved to each new release of its line");
        }
        if (service.isKestra()) {
            KestraVersion v = KestraVersion.of(service);
            if (v.obsoleteTag()) {
                report.add(Rule.KESTRA_IMAGE_OBSOLETE, project.file(), line,
                        "service " + service.name() + " uses kestra/kestra:" + i.tag() + "; '-full' tags stopped"
                                + " being built in 2024 and run Kestra older than 0.24",
                        "pin a current release such as kestra/kestra:v1.3.4 (the plain tag has every plugin)"
                                + " after reading the migration guides");
            }
        }
    }

    /**
     * Healthchecks matter where something waits on them: for Postgres (Kestra waits for it), for Kestra (the
     * edge and its own components wait for it), and for any service another one waits for with
     * {@code service_healthy} (Compose refuses that without a healthcheck). Other sidecars (pgAdmin,
     * Adminer, vector stores, dind) and partial services of an override file or an {@code extends} are left
     * alone.
     */
    private static void healthcheck(ComposeProject project, ComposeProject.Service service, boolean waitedFor,
            Report report) {
        if (service.partial() || !(service.isPostgres() || service.isKestra() || waitedFor)) {
            return;
        }
        Optional<YEntry> entry = service.node().entry("healthcheck");
        if (entry.isEmpty() && service.isOneShot()) {
            return;
        }
        if (entry.isEmpty()) {
            report.add(Rule.COMPOSE_HEALTHCHECK_MISSING, project.file(), service.line(),
                    "service " + service.name() + " has no healthcheck"
                            + (waitedFor ? ", but another service waits for it to be healthy" : ""));
            return;
        }
        if (entry.get().value() instanceof YMap hc) {
            boolean disabled = hc.scalar("disable").map(s -> s.value().equalsIgnoreCase("true")).orElse(false);
            boolean none = hc.get("test").map(t -> t instanceof YSeq seq && !seq.items().isEmpty()
                    && seq.items().get(0) instanceof YScalar first && first.value().equals("NONE")).orElse(false);
            if (disabled || none) {
                report.add(Rule.COMPOSE_HEALTHCHECK_MISSING, project.file(), entry.get().key().line(),
                        "service " + service.name() + " disables its healthcheck");
            }
        }
    }

    /**
     * A dependency on a service that does not exist is an error; a dependency that only waits for the start
     * matters when Kestra or the edge waits for Postgres or Kestra.
     */
    private static void dependsOn(ComposeProject project, ComposeProject.Service service, Set<String> otherServices,
            Report report) {
        Optional<YNode> deps = service.node().get("depends_on");
        if (deps.isEmpty()) {
            return;
        }
        java.util.Map<String, ComposeProject.Service> byName = new java.util.LinkedHashMap<>();
        for (ComposeProject.Service s : project.services()) {
            byName.put(s.name(), s);
        }
        boolean waits = service.isKestra() || service.isEdge();
        java.util.function.BiConsumer<YScalar, String> one = (key, condition) -> {
            String target = key.value();
            ComposeProject.Service t = byName.get(target);
            if (t == null) {
                if (!otherServices.contains(target)) {
                    report.add(Rule.COMPOSE_DEPENDS_ON_UNKNOWN_SERVICE, project.file(), key.line(),
                            "service " + service.name() + " depends on " + target + ", which no service is called"
                                    + (byName.isEmpty() ? "" : " (services: " + String.join(", ", byName.keySet())
                                            + ")"));
                }
                return;
            }
            if (waits && (t.isPostgres() || t.isKestra()) && !condition.equals("service_healthy")
                    && !condition.equals("service_completed_successfully")) {
                report.add(Rule.COMPOSE_DEPENDS_ON_NOT_HEALTHY, project.file(), key.line(),
                        "service " + service.name() + " depends on " + target
                                + (condition.isEmpty() ? " without a condition" : " with condition " + condition)
                                + ", so Compose only waits for it to start");
            }
        };
        if (deps.get() instanceof YSeq seq) {
            for (YNode item : seq.items()) {
                if (item instanceof YScalar s) {
                    one.accept(s, "");
                }
            }
        } else if (deps.get() instanceof YMap map) {
            for (YEntry e : map.entries()) {
                String condition = e.value() instanceof YMap m
                        ? m.scalar("condition").map(YScalar::value).orElse("service_started") : "service_started";
                one.accept(e.key(), condition);
            }
        }
    }

    private static void ports(ComposeProject project, ComposeProject.Service service, boolean edge, Report report) {
        for (ComposeProject.Port port : service.ports()) {
            if (service.isKestra() && port.covers(8081)) {
                report.add(Rule.KESTRA_MANAGEMENT_PORT_PUBLISHED, project.file(), port.line(),
                        "service " + service.name() + " publishes Kestra's management port 8081 on the host");
            }
            if (service.isKestra() && edge && port.covers(8080) && !port.loopback()) {
                report.add(Rule.KESTRA_PORT_PUBLISHED_BESIDE_EDGE, project.file(), port.line(),
                        "service " + service.name() + " publishes Kestra's HTTP port 8080 on "
                                + (port.hostIp().isEmpty() ? "every host address" : port.hostIp())
                                + " although an edge proxy serves it; the port bypasses the proxy (and its TLS)"
                                + " and host firewalls such as UFW");
            }
            if (service.isPostgres() && port.covers(5432) && !port.loopback()) {
                report.add(Rule.POSTGRES_PORT_PUBLISHED, project.file(), port.line(),
                        "service " + service.name() + " publishes Postgres on "
                                + (port.hostIp().isEmpty() ? "every host address" : port.hostIp()));
            }
        }
    }

    /**
     * The host's Docker socket in a container that runs as root: whoever controls it owns the host. Not
     * reported for the complete setup of Kestra's Docker task runner through the host daemon, which binds the
     * task directory at the same path on host and container and points kestra.tasks.tmp-dir.path below it:
     * that is a deliberate choice (kestra-stack renders it for KestraService.Builder#dockerTasks), and
     * every bundle kestra-stack renders must lint clean.
     */
    private static void dockerSocket(ComposeProject project, ComposeProject.Service service, List<KestraUnit> units,
            Report report) {
        String user = service.node().scalar("user").map(project::resolved).orElse("");
        String u = user.strip();
        int colon = u.indexOf(':');
        String name = colon < 0 ? u : u.substring(0, colon);
        if (!name.equals("root") && !name.equals("0")) {
            return;
        }
        if (service.isKestra() && dockerTasksSetUp(service, units)) {
            return;
        }
        for (ComposeProject.Mount m : service.mounts()) {
            if (m.target().equals("/var/run/docker.sock") || m.target().equals("/run/docker.sock")) {
                report.add(Rule.DOCKER_SOCKET_AS_ROOT, project.file(), m.line(),
                        "service " + service.name() + " runs as " + user.strip() + " with the host's Docker socket"
                                + " mounted: code running in it (any flow's script task) controls the host");
            }
        }
    }

    private static void postgresData(ComposeProject project, ComposeProject.Service service, Report report) {
        if (!service.isPostgres() || service.environment().containsKey("PGDATA")) {
            return;
        }
        Optional<Integer> major = service.image().flatMap(ComposeProject.Image::major);
        if (major.isEmpty() || major.get() < 18) {
            return;
        }
        for (ComposeProject.Mount m : service.mounts()) {
            if (m.target().equals("/var/lib/postgresql/data")) {
                String version = major.get() == Integer.MAX_VALUE ? "an unpinned (so 18 or newer)" : "a " + major.get();
                report.add(Rule.POSTGRES_DATA_PATH, project.file(), m.line(),
                        "service " + service.name() + " runs " + version + " Postgres image, which keeps its data"
                                + " below /var/lib/postgresql, but mounts its volume at /var/lib/postgresql/data");
            }
        }
    }

    private static void literalSecrets(ComposeProject project, ComposeProject.Service service, Report report) {
        for (ComposeProject.EnvVar v : service.environment().values()) {
            String name = v.name();
            if (!SECRET_VARIABLE.matcher(name).find() || PATH_VARIABLE.matcher(name).matches()
                    || name.equals("KESTRA_CONFIGURATION")) {
                continue;
            }
            String raw = v.raw();
            if (raw.isEmpty() || v.node().isNull()) {
                continue;
            }
            if (Interpolation.hasInterpolation(raw)) {
                committedDefault(project.interpolate(raw)).ifPresent(ref -> report.add(Rule.LITERAL_SECRET,
                        project.file(), v.line(), "service " + service.name() + " sets " + name + " from "
                                + ref.name() + " with a default written in the Compose file, which is committed"
                                + " with it and used whenever " + ref.name() + " is unset",
                        "drop the default: write " + name + ": ${" + ref.name() + ":?set " + ref.name()
                                + " in .env}"));
                continue;
            }
            String value = v.value();
            if (value == null || value.isEmpty() || value.contains("${")) {
                continue;
            }
            report.add(Rule.LITERAL_SECRET, project.file(), v.line(),
                    "service " + service.name() + " sets " + name + " to a literal value in the Compose file",
                    "move the value to .env and write " + name + ": ${" + name + "}");
        }
    }

    /** Whether the Kestra service binds its task directory at the same path and Kestra works below it. */
    private static boolean dockerTasksSetUp(ComposeProject.Service service, List<KestraUnit> units) {
        for (KestraUnit u : units) {
            if (u.service() != service) {
                continue;
            }
            String tmp = u.setting("kestra.tasks.tmp-dir.path").map(s -> u.resolve(s.value())).orElse(null);
            if (tmp == null) {
                return false;
            }
            for (ComposeProject.Mount m : service.mounts()) {
                if (m.bind() && m.source().equals(m.target()) && (tmp + "/").startsWith(m.target() + "/")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A reference whose default is literal text (not another variable): a secret committed as a default. */
    static Optional<Interpolation.Reference> committedDefault(Interpolation.Result r) {
        for (Interpolation.Reference ref : r.references()) {
            String f = ref.fallback();
            if (f != null && !f.isBlank() && !Interpolation.hasInterpolation(f)) {
                return Optional.of(ref);
            }
        }
        return Optional.empty();
    }

    private static void serverLocal(ComposeProject project, ComposeProject.Service service, List<KestraUnit> units,
            Report report) {
        List<String> words = service.commandLine();
        boolean local = false;
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals("server") && words.get(i + 1).equals("local")) {
                local = true;
                break;
            }
        }
        if (!local) {
            return;
        }
        boolean postgres = project.services().stream().anyMatch(ComposeProject.Service::isPostgres);
        for (KestraUnit u : units) {
            if (u.service() == service && (u.hasUnder("datasources.postgres")
                    || u.setting("kestra.repository.type").map(s -> "postgres".equals(s.value())).orElse(false))) {
                postgres = true;
            }
        }
        if (!postgres) {
            return;
        }
        int line = service.node().entry("command").map(e -> e.key().line())
                .or(() -> service.node().entry("entrypoint").map(e -> e.key().line())).orElse(service.line());
        report.add(Rule.KESTRA_SERVER_LOCAL, project.file(), line,
                "service " + service.name() + " runs 'server local', which forces H2 and ignores the Postgres"
                        + " datasource");
    }
}
