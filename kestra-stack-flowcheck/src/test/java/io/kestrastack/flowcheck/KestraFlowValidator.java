package io.kestrastack.flowcheck;

import io.kestra.core.models.flows.FlowSource;
import io.kestra.core.models.validations.ValidateConstraintViolation;
import io.kestra.core.services.FlowService;
import io.kestra.core.utils.VersionProvider;
import io.kestrastack.KestraLine;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.RuntimeBeanDefinition;
import io.micronaut.core.type.Argument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Kestra's own flow validation, run in-process: a minimal Micronaut {@link ApplicationContext} over
 * {@code io.kestra:core}, and {@link FlowService#validate(String, List)}, the method behind Kestra's
 * {@code POST /api/v1/{tenant}/flows/validate} endpoint and the UI editor's checks.
 *
 * <p>What that method does (read in io.kestra:core 2.0.0 {@code FlowService.validate}; 1.3.x has the same
 * signature with {@code PluginDefaultService} doing the parsing): strict parse of the YAML into
 * {@code FlowWithSource} with Jackson, failing on unknown properties, duplicate keys and task or trigger
 * types that no registered plugin provides ({@code YamlParser}, {@code PluginDeserializer} over the
 * {@code PluginRegistry}); then Jakarta/Micronaut bean validation of the parsed flow ({@code ModelValidator}:
 * {@code @NotNull}, {@code @Pattern}, Kestra's constraint validators such as {@code FlowValidator} and
 * {@code ScheduleValidator}, which parses the cron); then a cycle check of subflow dependencies, plus
 * deprecation paths and warnings. The core plugins ({@code io.kestra.plugin.core.*}: {@code http.Request},
 * {@code log.Log}, {@code trigger.Schedule}, ...) live in io.kestra:core itself, so the registry finds them
 * without plugin jars; any other plugin type is reported as an invalid type, as on a server without it.
 * In 2.0 the same strict parse, bean validation and cycle check run when {@code server standalone
 * --flow-path} loads a bundle's {@code flows/} ({@code LocalFlowRepositoryLoader} calls
 * {@code FlowService.create}); 1.3.31's loader parses leniently (unknown properties ignored) and then
 * bean-validates, a subset of this. Either way a flow that fails is logged as "Unable to create flow" and
 * skipped while Kestra starts anyway.
 *
 * <p>What is not the server's: there is no database, queue or plugin directory. The beans a server takes
 * from its jdbc modules are {@link EmptyInstance} stand-ins (a fresh instance with no flows), storage is
 * io.kestra:storage-local in a temporary directory, and {@code allowEmptyProviders} lets beans that hold a
 * {@code Provider<Worker>} start without a worker.
 */
final class KestraFlowValidator implements AutoCloseable {

    /**
     * Interfaces a server implements in its database and queue modules, which FlowService and its
     * dependencies inject. Names, because 1.3.x lacks some of the 2.0 ones; a missing bean that is not here
     * fails the context start loudly.
     */
    private static final List<String> DATABASE_BEANS = List.of(
            "io.kestra.core.repositories.FlowRepositoryInterface",
            "io.kestra.core.repositories.FlowTopologyRepositoryInterface",
            "io.kestra.core.repositories.ConcurrencyLimitRepositoryInterface",
            "io.kestra.core.repositories.TaskOutputRepositoryInterface",
            "io.kestra.core.repositories.ExecutionOutputRepositoryInterface",
            "io.kestra.core.runners.FlowMetaStoreInterface",
            "io.kestra.core.runners.LogEntryEmitter",
            "io.kestra.core.runners.KVMetadataStateStore",
            "io.kestra.core.namespace.NamespaceFileMetadataStateStore",
            "io.kestra.core.scheduler.queue.TriggerEventQueue");

    /** Generic queue beans, injected with their type argument. */
    private static final Map<String, String> TYPED_QUEUES = Map.of(
            "io.kestra.core.queues.BroadcastQueueInterface", "io.kestra.core.models.flows.FlowInterface");

    private final Path storage;
    private final ApplicationContext context;
    private final FlowService flows;
    private final String version;

    private KestraFlowValidator(Path storage, ApplicationContext context) {
        this.storage = storage;
        this.context = context;
        this.flows = context.getBean(FlowService.class);
        this.version = context.getBean(VersionProvider.class).getVersion();
    }

    private static @Nullable KestraFlowValidator shared;

    /**
     * One validator for the whole test JVM: Kestra's context takes seconds to start on two cores, and the
     * test classes only read from it. Closed when the JVM exits.
     */
    static synchronized KestraFlowValidator shared() {
        if (shared == null) {
            KestraFlowValidator started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException | RuntimeException e) {
                    System.err.println("closing Kestra's validator context failed: " + e);
                }
            }, "kestra-flowcheck-close"));
            shared = started;
        }
        return shared;
    }

    /** Starts Kestra's beans; takes a few seconds. */
    static KestraFlowValidator start() {
        Path storage;
        try {
            storage = Files.createTempDirectory("kestra-flowcheck-storage");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ApplicationContext context = ApplicationContext.builder()
                .deduceEnvironment(false)
                .allowEmptyProviders(true)
                .properties(Map.of(
                        "kestra.storage.type", "local",
                        "kestra.storage.local.base-path", storage.toString()))
                .build();
        for (String name : DATABASE_BEANS) {
            optionalClass(name).ifPresent(type -> register(context, type, null));
        }
        TYPED_QUEUES.forEach((name, argument) -> optionalClass(name)
                .ifPresent(type -> register(context, type, optionalClass(argument).orElseThrow())));
        context.start();
        return new KestraFlowValidator(storage, context);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void register(ApplicationContext context, Class<?> type, @Nullable Class<?> argument) {
        Object bean = EmptyInstance.of(type);
        Argument<Object> beanType = argument == null ? (Argument<Object>) Argument.of(type)
                : (Argument<Object>) (Argument) Argument.of(type, argument);
        context.registerBeanDefinition(RuntimeBeanDefinition.builder(beanType, () -> bean).build());
    }

    private static Optional<Class<?>> optionalClass(String name) {
        try {
            return Optional.of(Class.forName(name));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The io.kestra:core version doing the validation, e.g. {@code 2.0.0}. */
    String kestraVersion() {
        return version;
    }

    /** The release line of that version. */
    KestraLine line() {
        int major = Integer.parseInt(version.substring(0, version.indexOf('.')));
        return KestraLine.ofMajor(major).orElseThrow(() -> new IllegalStateException("unknown Kestra line " + version));
    }

    /** Kestra's verdict on one flow file. */
    Verdict validate(String filename, String yaml) {
        List<ValidateConstraintViolation> results = flows.validate(null, List.of(new FlowSource(filename, yaml)));
        if (results.size() != 1) {
            throw new IllegalStateException("expected one result for one source, got " + results);
        }
        ValidateConstraintViolation r = results.get(0);
        return new Verdict(filename, r.getConstraints(), orEmpty(r.getWarnings()), orEmpty(r.getDeprecationPaths()),
                orEmpty(r.getInfos()));
    }

    private static List<String> orEmpty(@Nullable List<String> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    @Override
    public void close() throws IOException {
        context.close();
        try (var files = Files.walk(storage)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * What Kestra said about a flow.
     *
     * @param filename the flow's path in the bundle
     * @param constraints the violations, one message, or {@code null} when the flow is valid
     * @param warnings Kestra's warnings (shown in its editor; they do not block saving)
     * @param deprecationPaths properties the flow uses that Kestra deprecates
     * @param infos notices such as relocated plugin types
     */
    record Verdict(String filename, @Nullable String constraints, List<String> warnings, List<String> deprecationPaths,
                   List<String> infos) {

        /** Valid, and nothing to warn about. */
        boolean clean() {
            return constraints == null && warnings.isEmpty() && deprecationPaths.isEmpty() && infos.isEmpty();
        }

        /** The constraint message; fails when Kestra accepted the flow. */
        String rejection() {
            return Objects.requireNonNull(constraints, () -> "Kestra accepted " + filename + " but was expected to reject it");
        }
    }
}
