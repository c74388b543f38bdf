package io.kestrastack.rehearsal.standin;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.web.router.MethodBasedRouteMatch;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.RouteMatchUtils;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Basic authentication as Kestra's webserver enforces it ({@code io.kestra.webserver.filter.AuthenticationFilter},
 * {@code @Filter("/**")}, security phase): the user and password are the rendered
 * {@code kestra.server.basic-auth.username} / {@code .password} (Micronaut resolves the {@code ${...}} placeholder from
 * the environment), and a request without them answers 401 with {@code WWW-Authenticate: Basic realm=Kestra} (the
 * realm's default in {@code BasicAuthService}). Kestra opens only {@code kestra.server.basic-auth.open-urls}
 * ({@code /ping}, the webhook path) and management endpoints (a route whose method carries {@code @Endpoint}).
 *
 * <p>Open URLs are compared here with the path after the context path. Kestra's December 2024 filter compares them with
 * {@code request.getPath()}, which under a context path may include it (then {@code <ctx>/ping} would ask for
 * credentials); not verified for 2.x, so the stand-in keeps {@code <ctx>/ping} open as the bundle's smoke test expects.
 *
 * <p>Deviation: the rehearsal's own routes ({@code /api/v1/rehearsal/...}, the UI page, the root redirect and the
 * probe's execution follow) stay open, because the rehearsal's probe asks them without credentials; every
 * Kestra-shaped API route of {@link KestraApi} is protected.
 */
@Filter("/**")
public class BasicAuthFilter implements HttpServerFilter {

    private final String contextPath;
    private final String username;
    private final String password;

    /**
     * Creates the filter.
     *
     * @param contextPath {@code micronaut.server.context-path}
     * @param username {@code kestra.server.basic-auth.username}
     * @param password {@code kestra.server.basic-auth.password}
     */
    @Inject
    public BasicAuthFilter(@Value("${micronaut.server.context-path:}") String contextPath,
            @Value("${kestra.server.basic-auth.username:}") String username,
            @Value("${kestra.server.basic-auth.password:}") String password) {
        this.contextPath = contextPath;
        this.username = username;
        this.password = password;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        String path = request.getPath();
        if (!contextPath.isEmpty() && path.startsWith(contextPath)) {
            path = path.substring(contextPath.length());
        }
        if (open(path) || managementEndpoint(request) || username.isEmpty() || authorized(request)) {
            return chain.proceed(request);
        }
        return Flux.just(HttpResponse.unauthorized().header("WWW-Authenticate", "Basic realm=Kestra"));
    }

    /** The paths Kestra leaves open, and the rehearsal's own routes (see the class comment). */
    static boolean open(String path) {
        if (path.startsWith("/ping") || path.matches("/api/v1/(main/)?executions/webhook/.*")) {
            return true;
        }
        return path.isEmpty() || path.equals("/") || path.equals("/ui") || path.startsWith("/ui/")
                || path.startsWith("/api/v1/rehearsal/") || path.matches("/api/v1/[^/]+/executions/[^/]+/follow");
    }

    /** As Kestra's filter: a route of a Micronaut management endpoint ({@code @Endpoint}) is never filtered. */
    private static boolean managementEndpoint(HttpRequest<?> request) {
        Optional<RouteMatch> match = RouteMatchUtils.findRouteMatch(request);
        return match.isPresent() && match.get() instanceof MethodBasedRouteMatch<?, ?> method
                && method.getAnnotation(Endpoint.class) != null;
    }

    private boolean authorized(HttpRequest<?> request) {
        List<String> values = request.getHeaders().getAll("Authorization");
        for (String v : values) {
            if (v.regionMatches(true, 0, "Basic ", 0, 6)) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(v.substring(6).trim()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return false;
                }
                int colon = decoded.indexOf(':');
                return colon > 0 && decoded.substring(0, colon).equals(username)
                        && MessageDigest.isEqual(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8),
                                password.getBytes(StandardCharsets.UTF_8));
            }
        }
        return false;
    }
}
