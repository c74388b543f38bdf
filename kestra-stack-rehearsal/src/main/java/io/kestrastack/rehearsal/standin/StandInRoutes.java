package io.kestrastack.rehearsal.standin;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * The routes the rehearsal asks through the edge. Micronaut prefixes each with
 * {@code micronaut.server.context-path} itself; nothing here knows the prefix.
 */
@Controller
public class StandInRoutes {

    /** Delay before the first event of a follow stream, so that "headers before the first event" can be seen. */
    static final Duration FIRST_EVENT = Duration.ofMillis(1500);

    private final HttpHostResolver hostResolver;
    private final String contextPath;

    /**
     * Creates the routes.
     *
     * @param hostResolver Micronaut's resolver of the request's scheme and host, configured by
     *     {@code micronaut.server.host-resolution.*}
     * @param contextPath {@code micronaut.server.context-path}, empty when unset
     */
    @Inject
    public StandInRoutes(HttpHostResolver hostResolver, @Value("${micronaut.server.context-path:}") String contextPath) {
        this.hostResolver = hostResolver;
        this.contextPath = contextPath;
    }

    /**
     * Kestra redirects its root to the UI: {@code <context-path>/ui/}, temporary (kestra webserver
     * {@code RedirectController}, which reads {@code micronaut.server.context-path} the same way).
     */
    @Get
    public HttpResponse<?> root() {
        return HttpResponse.temporaryRedirect(URI.create(contextPath + "/ui/"));
    }

    /**
     * Kestra's liveness answer for clients outside the management port: {@code GET <context-path>/ping} answers
     * {@code pong} (webserver {@code RootController}); the smoke-test flow and the blackbox probe of the public URL ask it.
     */
    @Get("/ping")
    @Produces(MediaType.TEXT_PLAIN)
    public String ping() {
        return "pong";
    }

    /** A page standing for Kestra's UI, served under {@code <context-path>/ui/}. */
    @Get(uris = {"/ui", "/ui/{+path}"})
    @Produces(MediaType.TEXT_HTML)
    public String ui(HttpRequest<?> request, @PathVariable @io.micronaut.core.annotation.Nullable String path) {
        return "<!doctype html><title>Kestra (rehearsal stand-in)</title><p>kestra-stack rehearsal UI at "
                + request.getPath() + "</p>";
    }

    /**
     * The absolute URL Micronaut resolves for this request: scheme and host from {@link HttpHostResolver}
     * (which honours {@code host-resolution.host-header} and {@code protocol-header}) and the path as the
     * server received it, context path included.
     */
    @Get("/api/v1/rehearsal/url")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> url(HttpRequest<?> request) {
        String base = hostResolver.resolve(request);
        URI uri = URI.create(base);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("scheme", uri.getScheme());
        out.put("host", uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
        out.put("path", request.getPath());
        out.put("url", base + request.getPath());
        return out;
    }

    /**
     * Shaped like Kestra's {@code GET /api/v1/main/executions/{id}/follow} (webserver {@code ExecutionController},
     * which returns a {@code Flux<Event<Execution>>} as {@code text/event-stream} and first emits the execution as
     * read from the repository, id {@code progress}, then one event per change): here one event at once, then one
     * every 500 ms starting after {@link #FIRST_EVENT}, each carrying the time it was sent. Micronaut writes the
     * response head together with the first item of the publisher, so the immediate event is also what lets the
     * head leave at once.
     */
    @Get("/api/v1/{tenant}/executions/{id}/follow")
    @Produces(MediaType.TEXT_EVENT_STREAM)
    public Flux<Event<String>> follow(@PathVariable String tenant, @PathVariable String id) {
        Flux<Event<String>> first = Flux.just(Event.of("{\"id\":\"" + id + "\",\"state\":\"progress\"}").id("progress"));
        Flux<Event<String>> timed = Flux.interval(FIRST_EVENT, Duration.ofMillis(500)).take(4)
                .map(n -> Event.of("{\"id\":\"" + id + "\",\"n\":" + n + ",\"sentAt\":" + System.currentTimeMillis() + "}")
                        .id(Long.toString(n)));
        return first.concatWith(timed);
    }

    /**
     * Counts the bytes of an uploaded body. Kestra raises Micronaut's request-size limit to 10 GB
     * ({@code micronaut.server.max-request-size} in its application.yml), so only the edge can refuse it.
     */
    @Post("/api/v1/rehearsal/upload")
    @Consumes(MediaType.ALL)
    @Produces(MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public Map<String, Long> upload(@Body InputStream body) throws IOException {
        long n = 0;
        byte[] buffer = new byte[1 << 16];
        for (int r; (r = body.read(buffer)) >= 0; ) {
            n += r;
        }
        return Map.of("bytes", n);
    }
}
