package io.kestrastack.rehearsal.standin;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The part of Kestra's API that {@code kestra-stack check} uses, in Kestra's shapes (read in Kestra's webserver
 * source; the tenant is the path segment {@code main} in 1.x/2.x):
 * <ul>
 *   <li>{@code MiscController#configuration}: {@code GET /api/v1{/tenant}/configs}, a {@code Configuration} with
 *       {@code version} (what the image's {@code VersionProvider} says: here the image tag the rehearsal hands over),
 *       {@code isBasicAuthEnabled}, ...;</li>
 *   <li>{@code FlowController}: {@code POST /api/v1/{tenant}/flows} ({@code application/x-yaml}, answers the flow with
 *       its source), {@code GET .../flows/search} ({@code PagedResults}: {@code results}, {@code total}),
 *       {@code DELETE .../flows/{namespace}/{id}} (204, 404 when unknown);</li>
 *   <li>{@code ExecutionController}: {@code POST /api/v1/{tenant}/executions/{namespace}/{id}} answering an
 *       {@code ExecutionResponse} whose {@code url} is {@code kestra.url} without its trailing slash +
 *       {@code /ui/main/executions/{namespace}/{flowId}/{id}}, {@code GET .../executions/{id}},
 *       {@code DELETE .../executions/{id}} (204, its logs too);</li>
 *   <li>{@code LogController}: {@code GET /api/v1/{tenant}/logs/{executionId}} (a list of {@code LogEntry}) and
 *       {@code .../logs/{executionId}/follow}, a {@code Flux<Event<LogEntry>>}: the entries already stored, then each
 *       new one as it is logged, every event with id {@code progress}; the stream never ends by itself
 *       ({@code ExecutionLogService#streamExecutionLogs}). A {@code LogEntry} carries {@code namespace},
 *       {@code flowId}, {@code taskId}, {@code executionId}, {@code timestamp} (ISO-8601), {@code level},
 *       {@code message}.</li>
 * </ul>
 * Executions run the two task types a probe flow uses, as Kestra's do: {@code io.kestra.plugin.core.log.Log} logs
 * its {@code message} at INFO; {@code io.kestra.plugin.core.flow.Sleep} logs {@code Waiting for <duration>} and
 * sleeps. Any other task type fails the execution. Deviation: an execution is accepted with any request body (Kestra
 * declares multipart; a body-less POST is what its documentation's curl examples send).
 */
@Controller("/api/v1")
public class KestraApi {

    private static final Pattern VERSION = Pattern.compile("v?([0-9]+\\.[0-9]+\\.[0-9]+).*");

    private final String kestraUrl;
    private final Map<String, Map<String, Object>> flows = new ConcurrentHashMap<>();
    private final Map<String, Run> executions = new ConcurrentHashMap<>();

    /**
     * Creates the API.
     *
     * @param kestraUrl {@code kestra.url}
     */
    @Inject
    public KestraApi(@Value("${kestra.url:}") String kestraUrl) {
        this.kestraUrl = kestraUrl.endsWith("/") ? kestraUrl.substring(0, kestraUrl.length() - 1) : kestraUrl;
    }

    /** {@code MiscController#configuration}. */
    @Get("{/tenant}/configs")
    @Produces(MediaType.APPLICATION_JSON)
    public String configs(@PathVariable @io.micronaut.core.annotation.Nullable String tenant) {
        String tag = System.getenv().getOrDefault("KESTRA_STANDIN_IMAGE_TAG", "");
        Matcher m = VERSION.matcher(tag);
        String version = m.matches() ? m.group(1) : tag;
        return "{\"uuid\":\"rehearsal\",\"version\":" + q(version) + ",\"isBasicAuthEnabled\":true,"
                + "\"systemNamespace\":\"system\"}";
    }

    /** {@code FlowController#create} from YAML. */
    @Post(uri = "/{tenant}/flows", consumes = "application/x-yaml")
    @Produces(MediaType.APPLICATION_JSON)
    public HttpResponse<String> createFlow(@PathVariable String tenant, @Body String source) {
        Object parsed = new Yaml().load(source);
        if (!(parsed instanceof Map<?, ?> map) || map.get("id") == null || map.get("namespace") == null
                || !(map.get("tasks") instanceof List<?>)) {
            return HttpResponse.<String>status(HttpStatus.UNPROCESSABLE_ENTITY)
                    .body("{\"message\":\"Invalid entity: id, namespace and tasks are required\"}");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> flow = (Map<String, Object>) map;
        String key = flow.get("namespace") + "/" + flow.get("id");
        if (flows.putIfAbsent(key, flow) != null) {
            return HttpResponse.<String>status(HttpStatus.UNPROCESSABLE_ENTITY)
                    .body("{\"message\":\"Invalid entity: flow id already exists\"}");
        }
        return HttpResponse.ok("{\"id\":" + q(String.valueOf(flow.get("id"))) + ",\"namespace\":"
                + q(String.valueOf(flow.get("namespace"))) + ",\"revision\":1,\"deleted\":false,\"source\":" + q(source) + "}");
    }

    /** {@code FlowController#find}: an empty search result is enough for the rehearsal. */
    @Get("/{tenant}/flows/search")
    @Produces(MediaType.APPLICATION_JSON)
    public String searchFlows(@PathVariable String tenant) {
        return "{\"results\":[],\"total\":0}";
    }

    /** {@code FlowController#delete}. */
    @Delete("/{tenant}/flows/{namespace}/{id}")
    public HttpResponse<Void> deleteFlow(@PathVariable String tenant, @PathVariable String namespace, @PathVariable String id) {
        return flows.remove(namespace + "/" + id) != null ? HttpResponse.noContent() : HttpResponse.notFound();
    }

    /** {@code ExecutionController#create}: the execution starts at once and runs in the background. */
    @Post(uri = "/{tenant}/executions/{namespace}/{id}", consumes = MediaType.ALL)
    @Produces(MediaType.APPLICATION_JSON)
    public HttpResponse<String> createExecution(@PathVariable String tenant, @PathVariable String namespace,
            @PathVariable String id) {
        Map<String, Object> flow = flows.get(namespace + "/" + id);
        if (flow == null) {
            return HttpResponse.<String>notFound().body("{\"message\":\"Flow not found\"}");
        }
        String executionId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        Run run = new Run(executionId, namespace, id, (List<?>) flow.get("tasks"));
        executions.put(executionId, run);
        Thread t = new Thread(run::execute, "standin-execution-" + executionId);
        t.setDaemon(true);
        t.start();
        String url = kestraUrl + "/ui/" + tenant + "/executions/" + namespace + "/" + id + "/" + executionId;
        return HttpResponse.ok(run.json(", \"url\":" + q(url)));
    }

    /** {@code ExecutionController#get}. */
    @Get("/{tenant}/executions/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public HttpResponse<String> execution(@PathVariable String tenant, @PathVariable String id) {
        Run run = executions.get(id);
        return run == null ? HttpResponse.notFound() : HttpResponse.ok(run.json(""));
    }

    /** {@code ExecutionController#delete}: the execution and its logs. */
    @Delete("/{tenant}/executions/{id}")
    public HttpResponse<Void> deleteExecution(@PathVariable String tenant, @PathVariable String id) {
        return executions.remove(id) != null ? HttpResponse.noContent() : HttpResponse.notFound();
    }

    /** {@code LogController#findByExecution}. */
    @Get("/{tenant}/logs/{executionId}")
    @Produces(MediaType.APPLICATION_JSON)
    public HttpResponse<String> logs(@PathVariable String tenant, @PathVariable String executionId) {
        Run run = executions.get(executionId);
        if (run == null) {
            return HttpResponse.ok("[]");
        }
        synchronized (run) {
            return HttpResponse.ok("[" + String.join(",", run.entries) + "]");
        }
    }

    /** {@code LogController#follow}: stored entries first, then each new one, never completing. */
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Get(uri = "/{tenant}/logs/{executionId}/follow", produces = MediaType.TEXT_EVENT_STREAM)
    public Flux<Event<String>> followLogs(@PathVariable String tenant, @PathVariable String executionId) {
        return Flux.create(sink -> {
            Run run = executions.get(executionId);
            if (run == null) {
                return; // Kestra's stream stays open and silent for an unknown execution as well
            }
            synchronized (run) {
                run.entries.forEach(e -> sink.next(Event.of(e).id("progress")));
                run.followers.add(sink);
            }
            sink.onDispose(() -> {
                synchronized (run) {
                    run.followers.remove(sink);
                }
            });
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    /** One execution of a flow. */
    private static final class Run {
        final String id;
        final String namespace;
        final String flowId;
        final List<?> tasks;
        final List<String> entries = new ArrayList<>();
        final List<FluxSink<Event<String>>> followers = new ArrayList<>();
        volatile String state = "CREATED";

        Run(String id, String namespace, String flowId, List<?> tasks) {
            this.id = id;
            this.namespace = namespace;
            this.flowId = flowId;
            this.tasks = tasks;
        }

        void execute() {
            state = "RUNNING";
            for (Object t : tasks) {
                Map<?, ?> task = t instanceof Map<?, ?> m ? m : Map.of();
                String type = String.valueOf(task.get("type"));
                String taskId = String.valueOf(task.get("id"));
                switch (type) {
                    case "io.kestra.plugin.core.log.Log" -> log(taskId, String.valueOf(task.get("message")));
                    case "io.kestra.plugin.core.flow.Sleep" -> {
                        Duration d = Duration.parse(String.valueOf(task.get("duration")));
                        log(taskId, "Waiting for " + d);
                        try {
                            Thread.sleep(d.toMillis());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            state = "KILLED";
                            return;
                        }
                    }
                    default -> {
                        log(taskId, "the rehearsal stand-in does not run " + type);
                        state = "FAILED";
                        return;
                    }
                }
            }
            state = "SUCCESS";
        }

        private void log(String taskId, String message) {
            String entry = "{\"namespace\":" + q(namespace) + ",\"flowId\":" + q(flowId) + ",\"taskId\":" + q(taskId)
                    + ",\"executionId\":" + q(id) + ",\"timestamp\":" + q(Instant.now().toString())
                    + ",\"level\":\"INFO\",\"thread\":" + q(Thread.currentThread().getName()) + ",\"message\":" + q(message) + "}";
            synchronized (this) {
                entries.add(entry);
                followers.forEach(f -> f.next(Event.of(entry).id("progress")));
            }
        }

        String json(String extra) {
            return "{\"id\":" + q(id) + ",\"namespace\":" + q(namespace) + ",\"flowId\":" + q(flowId)
                    + ",\"flowRevision\":1,\"state\":{\"current\":" + q(state) + "}" + extra + "}";
        }
    }

    /** A JSON string literal. */
    static String q(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
