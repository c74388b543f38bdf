import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A stand-in for Kestra's HTTP port in the real-tool tests, run as a single-file program on 127.0.0.1:8080:
 * paths ending in /follow answer like Kestra's log and execution streams (text/event-stream: the headers at
 * once, one event 1.5 seconds later, then silence for 30 seconds); every other path answers JSON echoing the path and the forwarded headers it
 * received, padded so that it is worth compressing.
 */
public class FakeKestra {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 8080), 50);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", FakeKestra::handle);
        server.start();
    }

    private static void handle(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.endsWith("/follow")) {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.flush();
                Thread.sleep(1_500);
                out.write("event: log\ndata: first-event\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(30_000);
                return;
            }
            StringBuilder json = new StringBuilder("{\"path\":\"").append(path).append('"');
            for (String h : new String[] {"Host", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-For", "X-Real-IP"}) {
                String v = exchange.getRequestHeaders().getFirst(h);
                json.append(",\"").append(h).append("\":\"").append(v == null ? "" : v).append('"');
            }
            json.append(",\"padding\":\"").append("kestra ".repeat(400)).append("\"}");
            byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (Exception e) {
            // the client went away
        }
    }
}
