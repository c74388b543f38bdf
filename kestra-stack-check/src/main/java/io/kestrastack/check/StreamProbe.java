package io.kestrastack.check;

import io.kestrastack.check.CheckResult.Group;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * The live-stream probe: a throw-away flow in its own namespace logs {@value #LINES} lines one second apart; the
 * probe runs it and follows the execution's logs through the edge as the UI does, and times each event against the
 * time Kestra stamped on it. Flow and execution are deleted afterwards, also when something failed.
 *
 * <p>Kestra's shapes (webserver, read in its source): {@code FlowController#create}, {@code POST
 * /api/v1/{tenant}/flows} with {@code application/x-yaml}; {@code ExecutionController#create}, {@code POST
 * /api/v1/{tenant}/executions/{namespace}/{id}} (declared multipart; Kestra's docs, how-to guide "Synchronous Executions API", call it with no body, as here), answering an {@code ExecutionResponse}
 * whose {@code url} is {@code kestra.url} (one trailing slash stripped) + {@code /ui/<tenant>/executions/...} (kestra
 * PR #5026); {@code LogController#follow}, {@code GET /api/v1/{tenant}/logs/{executionId}/follow}, a
 * {@code Flux<Event<LogEntry>>} as {@code text/event-stream}, each event's data a {@code LogEntry} with
 * {@code message} and {@code timestamp} (an ISO-8601 instant: Kestra sets {@code jackson.serialization
 * .writeDatesAsTimestamps: false}); the stream has no end event. {@code ExecutionController#delete}, {@code DELETE
 * /api/v1/{tenant}/executions/{id}} (logs too, 204) and {@code FlowController#delete}, {@code DELETE
 * /api/v1/{tenant}/flows/{namespace}/{id}} (204). Tasks: {@code io.kestra.plugin.core.log.Log} and
 * {@code io.kestra.plugin.core.flow.Sleep} ({@code duration}).
 */
final class StreamProbe {

    static final int LINES = 5;
    static final String MARKER = "kestra-stack check line ";
    /** Events may trail their emission by this much, relative to the fastest one, before the stream counts as held. */
    static final long HELD_MS = 1500;

    private final Web web;
    private final String base;
    private final String authorization;
    private final Duration timeout;
    private final String suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    private final String namespace = "kestra-stack-check.p" + suffix;
    private final String flowId = "stream_probe_" + suffix;

    StreamProbe(Web web, String base, String authorization, Duration timeout) {
        this.web = web;
        this.base = base;
        this.authorization = authorization;
        this.timeout = timeout;
    }

    /** The flow the probe runs: a line, a second's sleep, a line, ... */
    String flow() {
        StringBuilder y = new StringBuilder("id: ").append(flowId).append('\n').append("namespace: ").append(namespace)
                .append('\n').append("description: Throw-away flow of kestra-stack check --sse-probe; it deletes it.\n")
                .append("tasks:\n");
        for (int i = 1; i <= LINES; i++) {
            y.append("  - id: line").append(i).append('\n').append("    type: io.kestra.plugin.core.log.Log\n")
                    .append("    message: \"").append(MARKER).append(i).append(" of ").append(LINES).append("\"\n");
            if (i < LINES) {
                y.append("  - id: wait").append(i).append('\n').append("    type: io.kestra.plugin.core.flow.Sleep\n")
                        .append("    duration: PT1S\n");
            }
        }
        return y.toString();
    }

    /** One event as it arrived. */
    record Arrival(int line, Instant emitted, long arrivedAt) {}

    List<CheckResult> run(Function<@Nullable String, CheckResult> publicUrl) {
        List<CheckResult> out = new ArrayList<>();
        String what = "server-sent events (the execution's live logs) reach the client as they are emitted, through the"
                + " edge";
        List<String> executions = new ArrayList<>();
        boolean flowCreated = false;
        try {
            Web.Reply created = web.send(web.client, api("flows").header("Content-Type", "application/x-yaml")
                    .POST(HttpRequest.BodyPublishers.ofString(flow())).build());
            if (created.status() != 200) {
                out.add(CheckResult.fail("streams.sse", Group.STREAMS, what, "creating the probe flow answered "
                        + created.status() + " " + snippet(created.body()), "give the user the right to create flows, and"
                        + " look at Kestra's log"));
                out.add(CheckResult.skip("kestra.public-url", Group.KESTRA, "the URL Kestra reports for itself is the"
                        + " public URL", "the probe flow could not be created"));
                return out;
            }
            flowCreated = true;
            // As a browser asks: compression accepted.
            Followed browser = runAndFollow(true, executions, out, publicUrl);
            if (browser == null) {
                out.add(CheckResult.fail("streams.sse", Group.STREAMS, what, "running the probe flow failed: "
                        + String.join("; ", failures), "look at Kestra's log"));
                return out;
            }
            if (browser.live()) {
                out.add(CheckResult.pass("streams.sse", Group.STREAMS, what, browser.measured()));
            } else {
                // Held back: ask again without compression, to tell an encoder holding the stream from buffering.
                Followed plain = runAndFollow(false, executions, out, null);
                if (plain != null && plain.live()) {
                    out.add(CheckResult.fail("streams.sse", Group.STREAMS, what, browser.measured() + "; without"
                            + " compression: " + plain.measured() + "; cause: compression holds the events back ("
                            + (browser.compressed() ? "Content-Encoding " + browser.encoding() : "gzip accepted") + ")",
                            COMPRESSION_FIX));
                } else {
                    out.add(CheckResult.fail("streams.sse", Group.STREAMS, what, browser.measured() + "; without"
                            + " compression too: " + (plain == null ? String.join("; ", failures) : plain.measured())
                            + "; cause: buffering", BUFFERING_FIX));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            out.add(CheckResult.fail("streams.sse", Group.STREAMS, what, Web.describe(e), "look at the edge's and Kestra's"
                    + " logs"));
        } finally {
            out.add(cleanup(executions, flowCreated));
        }
        return out;
    }

    private final List<String> failures = new ArrayList<>();

    /** What one followed execution showed. */
    record Followed(String measured, String encoding, boolean live) {
        boolean compressed() {
            return !encoding.isEmpty() && !encoding.equalsIgnoreCase("identity");
        }
    }

    /** Runs the flow once and follows its logs; null (with the reason in {@link #failures}) when it could not run. */
    private @Nullable Followed runAndFollow(boolean compression, List<String> executions, List<CheckResult> out,
            @Nullable Function<@Nullable String, CheckResult> publicUrl) throws IOException {
        Web.Reply execution = web.send(web.client, api("executions/" + namespace + "/" + flowId)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        Object json = execution.status() == 200 ? Json.parse(execution.body()) : null;
        String executionId = Json.field(json, "id");
        if (executionId == null) {
            failures.add("creating an execution answered " + execution.status() + " " + snippet(execution.body()));
            if (publicUrl != null) {
                out.add(CheckResult.skip("kestra.public-url", Group.KESTRA, "the URL Kestra reports for itself is the"
                        + " public URL", "the probe flow could not be run"));
            }
            return null;
        }
        executions.add(executionId);
        if (publicUrl != null) {
            out.add(publicUrl.apply(Json.field(json, "url")));
        }
        return follow(executionId, compression);
    }

    private Followed follow(String executionId, boolean compression) throws IOException {
        long asked = System.currentTimeMillis();
        HttpRequest request = api("logs/" + executionId + "/follow").timeout(timeout).header("Accept", "text/event-stream")
                .header("Accept-Encoding", compression ? "gzip" : "identity").GET().build();
        CompletableFuture<HttpResponse<InputStream>> pending = web.client.sendAsync(request,
                HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response;
        try {
            response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return new Followed("Accept-Encoding " + (compression ? "gzip" : "identity") + ": no response headers within "
                    + timeout.toSeconds() + " s" + emittedMeanwhile(executionId), "", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException(Web.describe(e), e);
        }
        long headersAt = System.currentTimeMillis();
        String encoding = response.headers().firstValue("content-encoding").orElse("");
        String type = response.headers().firstValue("content-type").orElse("-");
        List<Arrival> arrivals = new ArrayList<>();
        Thread reader = new Thread(() -> read(response, encoding, arrivals), "kestra-stack-check-sse");
        reader.setDaemon(true);
        reader.start();
        try {
            reader.join(Math.max(1, timeout.toMillis() - (headersAt - asked)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            response.body().close();
        } catch (IOException ignored) {
            // the stream is abandoned either way
        }
        List<Arrival> got;
        synchronized (arrivals) {
            got = List.copyOf(arrivals);
        }
        long minLatency = got.stream().mapToLong(a -> a.arrivedAt() - a.emitted().toEpochMilli()).min().orElse(0);
        long maxLatency = got.stream().mapToLong(a -> a.arrivedAt() - a.emitted().toEpochMilli()).max().orElse(0);
        StringBuilder measured = new StringBuilder("status " + response.statusCode() + ", " + type
                + (encoding.isEmpty() ? "" : ", Content-Encoding " + encoding) + ", " + response.version() + ", headers after "
                + (headersAt - asked) + " ms, " + got.size() + " of " + LINES + " lines");
        for (Arrival a : got) {
            measured.append(a == got.get(0) ? "; arrival after emission (ms):" : ",").append(' ')
                    .append(a.arrivedAt() - a.emitted().toEpochMilli());
        }
        if (got.isEmpty()) {
            measured.append(emittedMeanwhile(executionId));
        }
        boolean live = response.statusCode() == 200 && got.size() == LINES && maxLatency - minLatency <= HELD_MS;
        return new Followed(measured.toString(), encoding, live);
    }

    static final String COMPRESSION_FIX = "do not compress text/event-stream at the edge: exclude the follow paths from"
            + " compression (Caddy: encode with a matcher such as not path */follow; nginx: leave text/event-stream out of"
            + " gzip_types), and pass Accept-Encoding on to Kestra, which compresses per event itself";

    static final String BUFFERING_FIX = "stop the edge buffering the stream: nginx proxy_buffering off; proxy_cache off;"
            + " (and no X-Accel-Buffering: yes); Caddy flush_interval -1";

    private void read(HttpResponse<InputStream> response, String encoding, List<Arrival> arrivals) {
        // Lines are split by hand: an InputStreamReader over a GZIPInputStream waits for a full buffer, because
        // InflaterInputStream.available() answers 1 until the end, so events would look held back by the client.
        try (InputStream raw = response.body();
                InputStream in = encoding.equalsIgnoreCase("gzip") ? new GZIPInputStream(raw, 64) : raw) {
            StringBuilder data = new StringBuilder();
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != '\n') {
                        line.write(buffer[i]);
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    if (text.endsWith("\r")) {
                        text = text.substring(0, text.length() - 1);
                    }
                    if (text.startsWith("data:")) {
                        data.append(text.substring(text.startsWith("data: ") ? 6 : 5));
                    } else if (text.isEmpty() && data.length() > 0) {
                        Arrival a = arrival(data.toString(), System.currentTimeMillis());
                        data.setLength(0);
                        if (a != null) {
                            synchronized (arrivals) {
                                arrivals.add(a);
                                if (arrivals.size() >= LINES) {
                                    return;
                                }
                            }
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // closed at the deadline, or the edge cut the stream: what arrived is what is judged
        }
    }

    static @Nullable Arrival arrival(String data, long arrivedAt) {
        try {
            Object json = Json.parse(data);
            String message = Json.field(json, "message");
            String timestamp = Json.field(json, "timestamp");
            if (message == null || timestamp == null || !message.startsWith(MARKER)) {
                return null;
            }
            int line = Integer.parseInt(message.substring(MARKER.length()).split(" ")[0]);
            return new Arrival(line, Instant.parse(timestamp), arrivedAt);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return null;
        }
    }

    private String emittedMeanwhile(String executionId) {
        try {
            Web.Reply logs = web.send(web.client, api("logs/" + executionId).GET().build());
            int n = logs.body().split(java.util.regex.Pattern.quote(MARKER), -1).length - 1;
            return "; meanwhile Kestra logged " + n + " of the " + LINES + " lines (GET logs/" + executionId + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private CheckResult cleanup(List<String> executions, boolean flowCreated) {
        String what = "the probe's flow and executions are deleted";
        List<String> done = new ArrayList<>();
        boolean ok = true;
        try {
            for (String executionId : executions) {
                long until = System.currentTimeMillis() + Math.min(15_000, timeout.toMillis());
                String state = "";
                while (System.currentTimeMillis() < until) {
                    Web.Reply e = web.send(web.client, api("executions/" + executionId).GET().build());
                    Object json = e.status() == 200 ? Json.parse(e.body()) : null;
                    state = e.status() == 200 ? String.valueOf(Json.field(json instanceof java.util.Map<?, ?> m ? m.get("state")
                            : null, "current")) : "HTTP " + e.status();
                    if (List.of("SUCCESS", "FAILED", "KILLED", "WARNING", "CANCELLED").contains(state.toUpperCase(Locale.ROOT))) {
                        break;
                    }
                    sleep(500);
                }
                Web.Reply d = web.send(web.client, api("executions/" + executionId).DELETE().build());
                done.add("execution " + executionId + " (" + state + ") " + d.status());
                ok &= d.status() == 204;
            }
            if (flowCreated) {
                Web.Reply f = web.send(web.client, api("flows/" + namespace + "/" + flowId).DELETE().build());
                done.add("flow " + namespace + "." + flowId + " " + f.status());
                ok &= f.status() == 204;
            }
        } catch (IOException | IllegalArgumentException e) {
            ok = false;
            done.add(Web.describe(e));
        }
        String measured = done.isEmpty() ? "nothing was created" : "deleted " + String.join(", ", done);
        return ok ? CheckResult.pass("streams.cleanup", Group.STREAMS, what, measured)
                : CheckResult.fail("streams.cleanup", Group.STREAMS, what, measured, "delete the namespace " + namespace
                        + " in Kestra's UI");
    }

    private HttpRequest.Builder api(String path) {
        return web.request(URI.create(base + "api/v1/main/" + path)).header("Authorization", authorization);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String snippet(String body) {
        String s = body.replaceAll("\\s+", " ").trim();
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }
}
