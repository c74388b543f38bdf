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

    static void check(ComposeProject project, List<KestraUnit> units, Report report) {
        String file = project.file();
        project.root().entry("version").ifPresent(e -> report.add(Rule.COMPOSE_VERSION_KEY, file, e.key().line(),
                "the top-level 'version' key is obsolete; Compose v2 ignores it and warns"));
        interpolation(project, report);
        for (ComposeProject.Service service : project.services()) {
            image(project, service, report);
            healthcheck(project, service, report);
            dependsOn(project, service, report);
            ports(project, service, report);
            postgresData(project, service, report);
            literalSecrets(project, service, report);
            if (service.isKestra()) {
                serverLocal(project, service, units, report);
            }
        }
    }

    private static void interpolation(ComposeProject project, Report report) {
        Set<YNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        walk(project.root(), seen, scalar -> {
            Interpolation.Result r = project.interpolate(scalar);
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
        });
    }

    private static void walk(YNode node, Set<YNode> seen, java.util.function.Consumer<YScalar> visit) {
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
        if (i.tag() == null && i.digest() == null) {
            report.add(Rule.IMAGE_NOT_PINNED, project.file(), node.get().line(),
                    "service " + service.name() + " uses " + i.repository() + " without a tag, which means :latest");
        } else if (i.moving()) {
            report.add(Rule.IMAGE_NOT_PINNED, project.file(), node.get().line(),
                    "service " + service.name() + " uses the moving tag :" + i.tag() + " of " + i.repository());
        }
    }

    private static void healthcheck(ComposeProject project, ComposeProject.Service service, Report report) {
        Optional<YEntry> entry = service.node().entry("healthcheck");
        if (entry.isEmpty() && service.isOneShot()) {
            return;
        }
        if (entry.isEmpty()) {
            report.add(Rule.COMPOSE_HEALTHCHECK_MISSING, project.file(), service.line(),
                    "service " + service.name() + " has no healthcheck");
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

    private static void dependsOn(ComposeProject project, ComposeProject.Service service, Report report) {
        Optional<YNode> deps = service.node().get("depends_on");
        if (deps.isEmpty()) {
            return;
        }
        if (deps.get() instanceof YSeq seq) {
            for (YNode item : seq.items()) {
                if (item instanceof YScalar s) {
                    report.add(Rule.COMPOSE_DEPENDS_ON_NOT_HEALTHY, project.file(), s.line(),
                            "service " + service.name() + " depends on " + s.value()
                                    + " without a condition, so Compose only waits for it to start");
                }
            }
        } else if (deps.get() instanceof YMap map) {
            for (YEntry e : map.entries()) {
                String condition = e.value() instanceof YMap m
                        ? m.scalar("condition").map(YScalar::value).orElse("service_started") : "service_started";
                if (!condition.equals("service_healthy") && !condition.equals("service_completed_successfully")) {
                    report.add(Rule.COMPOSE_DEPENDS_ON_NOT_HEALTHY, project.file(), e.key().line(),
                            "service " + service.name() + " depends on " + e.key().value() + " with condition "
                                    + condition + ", so Compose only waits for it to start");
                }
            }
        }
    }

    private static void ports(ComposeProject project, ComposeProject.Service service, Report report) {
        for (ComposeProject.Port port : service.ports()) {
            if (service.isKestra() && port.covers(8081)) {
                report.add(Rule.KESTRA_MANAGEMENT_PORT_PUBLISHED, project.file(), port.line(),
                        "service " + service.name() + " publishes Kestra's management port 8081 on the host");
            }
            if (service.isPostgres() && port.covers(5432) && !port.loopback()) {
                report.add(Rule.POSTGRES_PORT_PUBLISHED, project.file(), port.line(),
                        "service " + service.name() + " publishes Postgres on "
                                + (port.hostIp().isEmpty() ? "every host address" : port.hostIp()));
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
            if (raw.isEmpty() || Interpolation.hasInterpolation(raw) || v.node().isNull()) {
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
