package io.kestrastack.check;

import io.kestrastack.StackConfigException;
import io.kestrastack.Violation;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A check of a running Kestra deployment from the outside: what VERIFY.md asks an operator to check, as one call.
 *
 * <pre>{@code
 * CheckReport report = DeploymentCheck.of(URI.create("https://flows.example.com/kestra/"))
 *         .bundle(Path.of("/srv/kestra"))                       // optional: compare with what the bundle promises
 *         .credentials("admin@example.com", password)           // optional: basic auth (char[], copied)
 *         .sseProbe(true)                                        // optional: run a throw-away flow, follow its logs
 *         .run();
 * System.out.print(report.toText());
 * }</pre>
 *
 * <p>Every network call has a timeout ({@link #timeout}, and {@link #streamTimeout} for the event stream). The
 * password is sent only as a basic-auth header over a connection whose certificate was verified, and never appears
 * in a result, {@link #toString()} or an exception message.
 */
public final class DeploymentCheck {

    private final URI url;
    private @Nullable Path bundle;
    private @Nullable String user;
    private char @Nullable [] password;
    private @Nullable Path trustAnchor;
    private boolean sseProbe;
    private Duration timeout = Duration.ofSeconds(10);
    private Duration streamTimeout = Duration.ofSeconds(30);
    private int minCertificateDays = 14;
    private final Map<String, Integer> ports = new LinkedHashMap<>(Map.of());
    private int httpPort = 80;

    private DeploymentCheck(URI url) {
        this.url = url;
        ports.put("management", 8081);
        ports.put("postgres", 5432);
        ports.put("kestra", 8080);
    }

    /**
     * A check of the deployment at {@code url}: the public URL with its context path, e.g.
     * {@code https://flows.example.com/kestra/}. Validated by {@link #run()}.
     */
    public static DeploymentCheck of(URI url) {
        return new DeploymentCheck(Objects.requireNonNull(url, "url"));
    }

    /** The bundle directory the deployment was started from; its image, context path and HSTS choice are compared. */
    public DeploymentCheck bundle(Path dir) {
        this.bundle = Objects.requireNonNull(dir, "dir");
        return this;
    }

    /** Kestra's basic-auth credentials; the password is copied (clear yours after the call). */
    public DeploymentCheck credentials(String user, char[] password) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password").clone();
        return this;
    }

    /** A PEM file of certificates trusted in addition to the JDK's roots (a private CA, Caddy's internal root). */
    public DeploymentCheck trustAnchor(Path pem) {
        this.trustAnchor = Objects.requireNonNull(pem, "pem");
        return this;
    }

    /**
     * Whether to probe live streams: create a throw-away flow in its own namespace, run it, follow its logs through
     * the edge and delete both afterwards. Needs credentials. Defaults to {@code false}.
     */
    public DeploymentCheck sseProbe(boolean probe) {
        this.sseProbe = probe;
        return this;
    }

    /** The timeout of each request and connection. Defaults to 10 s; between 1 s and 5 min. */
    public DeploymentCheck timeout(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** How long the stream probe waits for its events. Defaults to 30 s; between 5 s and 10 min. */
    public DeploymentCheck streamTimeout(Duration timeout) {
        this.streamTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * The fewest days a certificate may have left before the check fails. Defaults to 14 (Let's Encrypt renews at
     * 30 days left, so fewer than 14 means renewal is failing); 0 only asks that it has not expired.
     */
    public DeploymentCheck minCertificateDays(int days) {
        this.minCertificateDays = days;
        return this;
    }

    /** For tests: the ports that must not answer on the public host, by name (management, postgres, kestra). */
    DeploymentCheck port(String name, int port) {
        ports.put(name, port);
        return this;
    }

    /** For tests: the plain-HTTP port whose redirect is checked. */
    DeploymentCheck httpPort(int port) {
        this.httpPort = port;
        return this;
    }

    /**
     * Runs every check and returns the report; a failing check never throws.
     *
     * @throws StackConfigException listing every problem of the settings at once: {@code url} not absolute
     *     http(s) ({@code invalid-url}), a query or fragment in it ({@code invalid-url}), {@code bundle} not a
     *     directory ({@code not-a-bundle}), an empty user ({@code required}), {@code sseProbe} without credentials
     *     ({@code needs-credentials}), timeouts out of range ({@code out-of-range}), a missing trust anchor file
     *     ({@code no-such-file})
     */
    public CheckReport run() {
        List<Violation> problems = new ArrayList<>();
        String scheme = url.getScheme() == null ? "" : url.getScheme();
        if (!(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null) {
            problems.add(new Violation("url", "invalid-url", "not an absolute http or https URL: " + url,
                    "give the public URL, e.g. https://flows.example.com/kestra/"));
        } else if (url.getRawQuery() != null || url.getRawFragment() != null) {
            problems.add(new Violation("url", "invalid-url", "the URL has a query or fragment",
                    "give the public URL with its context path only"));
        }
        if (bundle != null && !Files.isDirectory(bundle)) {
            problems.add(new Violation("bundle", "not-a-bundle", bundle + " is not a directory",
                    "give the directory the stack was generated into"));
        }
        if (user != null && user.isBlank()) {
            problems.add(new Violation("credentials.user", "required", "the user is empty", "give Kestra's basic-auth user"));
        }
        if (sseProbe && user == null) {
            problems.add(new Violation("sseProbe", "needs-credentials", "the stream probe creates a flow and runs it",
                    "give credentials(user, password)"));
        }
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            problems.add(new Violation("timeout", "out-of-range", "the timeout is " + timeout, "use 1 s to 5 min"));
        }
        if (streamTimeout.compareTo(Duration.ofSeconds(5)) < 0 || streamTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            problems.add(new Violation("streamTimeout", "out-of-range", "the stream timeout is " + streamTimeout,
                    "use 5 s to 10 min"));
        }
        if (minCertificateDays < 0) {
            problems.add(new Violation("minCertificateDays", "out-of-range", "negative", "use 0 or more"));
        }
        if (trustAnchor != null && !Files.isRegularFile(trustAnchor)) {
            problems.add(new Violation("trustAnchor", "no-such-file", trustAnchor + " is not a file",
                    "give a PEM file with the CA certificate"));
        }
        if (!problems.isEmpty()) {
            throw new StackConfigException(problems);
        }
        BundleFacts facts = bundle == null ? null : BundleFacts.read(bundle);
        CheckRun run = new CheckRun(url, facts, user, password, trustAnchor, sseProbe, timeout, streamTimeout,
                minCertificateDays, ports, httpPort);
        return new CheckReport(url, run.run());
    }

    @Override
    public String toString() {
        return "DeploymentCheck[" + url + (bundle == null ? "" : ", bundle " + bundle)
                + (user == null ? "" : ", user " + user + ", password ***") + (sseProbe ? ", sse probe" : "") + "]";
    }

    /** Clears the copied password; {@link #run()} needs credentials again afterwards. */
    public void clearCredentials() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
        password = null;
        user = null;
    }
}
