package io.kestrastack;

import io.kestrastack.internal.Checks;
import io.kestrastack.internal.Problems;
import io.kestrastack.internal.SecretAccess;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outbound proxy Kestra uses to reach {@code api.kestra.io} (blueprints, plugin documentation) from
 * a network without direct internet access ({@code micronaut.http.services.api}).
 *
 * <p>Credentials are either a username with a password {@link Secret}, handed to Micronaut as
 * {@code proxy-username}/{@code proxy-password}, or, for proxies that want it, a pre-built
 * {@code Proxy-Authorization: Basic ...} header kept in {@code .env} under
 * {@code <password variable>_HEADER}.
 */
public final class ForwardProxy {

    /** The kind of proxy. */
    public enum Type {
        /** An HTTP proxy (CONNECT for https). */
        HTTP,
        /** A SOCKS proxy. */
        SOCKS;

        /** Micronaut's spelling. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How credentials reach the proxy. */
    public enum Authentication {
        /** No credentials. */
        NONE,
        /** Micronaut's {@code proxy-username} and {@code proxy-password}. */
        CREDENTIALS,
        /** A {@code Proxy-Authorization: Basic} header ({@code micronaut.http.client.proxy-authorization}). */
        BASIC_HEADER
    }

    /** The API base URL Kestra's UI calls. */
    public static final String KESTRA_API_URL = "https://api.kestra.io";

    private final Type type;
    private final String host;
    private final int port;
    private final @Nullable String username;
    private final @Nullable Secret password;
    private final Authentication authentication;
    private final @Nullable Secret header;

    private ForwardProxy(Builder b, @Nullable Secret header) {
        this.type = b.type;
        this.host = Objects.requireNonNull(b.host);
        this.port = b.port;
        this.username = b.username;
        this.password = b.password;
        this.authentication = b.username == null ? Authentication.NONE : b.authentication;
        this.header = header;
    }

    /** A builder; host and port are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this proxy's settings. */
    public Builder toBuilder() {
        Builder b = new Builder().type(type).host(host).port(port);
        if (username != null && password != null) {
            b.credentials(username, password);
        }
        return b.authentication(authentication == Authentication.NONE ? Authentication.CREDENTIALS : authentication);
    }

    /** HTTP or SOCKS. */
    public Type type() {
        return type;
    }

    /** The proxy's host. */
    public String host() {
        return host;
    }

    /** The proxy's port. */
    public int port() {
        return port;
    }

    /** {@code host:port}. */
    public String address() {
        return host + ":" + port;
    }

    /** The username, if the proxy needs credentials. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** How credentials are sent. */
    public Authentication authentication() {
        return authentication;
    }

    /**
     * The secret that goes to Kestra's container: the password for {@link Authentication#CREDENTIALS},
     * the ready-made header value for {@link Authentication#BASIC_HEADER}, nothing otherwise.
     */
    public Optional<Secret> secret() {
        return switch (authentication) {
            case NONE -> Optional.empty();
            case CREDENTIALS -> Optional.ofNullable(password);
            case BASIC_HEADER -> Optional.ofNullable(header);
        };
    }

    @Override
    public String toString() {
        return "ForwardProxy[" + type.text() + "://" + address()
                + (username == null ? "" : ", user=" + username + ", " + authentication + ", password=" + password) + "]";
    }

    /** Builds a {@link ForwardProxy}. */
    public static final class Builder {
        private Type type = Type.HTTP;
        private @Nullable String host;
        private int port = 3128;
        private @Nullable String username;
        private @Nullable Secret password;
        private Authentication authentication = Authentication.CREDENTIALS;

        private Builder() {}

        /** HTTP (default) or SOCKS. */
        public Builder type(Type type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /** The proxy's host name or IPv4 address. Required. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The proxy's port. Defaults to 3128. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Credentials for the proxy. None by default. */
        public Builder credentials(String username, Secret password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** How the credentials are sent. Defaults to {@link Authentication#CREDENTIALS}. */
        public Builder authentication(Authentication authentication) {
            this.authentication = Objects.requireNonNull(authentication, "authentication");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws StackConfigException when the host is missing or invalid, the port is out of range, the
         *     username has a colon or control characters, or the password cannot travel safely
         */
        public ForwardProxy build() {
            Problems p = new Problems();
            if (host == null) {
                p.add("host", "required", "no proxy host set", "call host(\"proxy.corp.example\")");
            } else if (!PublicAddress.isValidHost(host)) {
                p.add("host", "invalid-host", "'" + host + "' is not a lower-case host name or IPv4 address",
                        "give the proxy's host name without scheme or port");
            }
            Checks.port(p, "port", port);
            Secret header = null;
            if (username != null && password != null) {
                if (username.isEmpty() || username.contains(":") || username.codePoints().anyMatch(Checks::breaksLines)) {
                    p.add("username", "invalid-username", "the proxy username is empty or has ':' or control characters",
                            "use the account name only");
                } else {
                    Checks.micronautLiteral(p, "username", username);
                }
                Checks.infrastructureSecret(p, "password", password);
                if (authentication == Authentication.BASIC_HEADER && p.isEmpty()) {
                    String token = Base64.getEncoder().encodeToString(
                            (username + ":" + SecretAccess.reveal(password)).getBytes(StandardCharsets.UTF_8));
                    header = Secret.of(password.variable() + "_HEADER", "Basic " + token);
                }
            } else if (authentication == Authentication.BASIC_HEADER) {
                p.add("authentication", "missing-credentials", "a Basic header needs credentials",
                        "call credentials(username, secret)");
            }
            p.throwIfAny();
            return new ForwardProxy(this, header);
        }
    }
}
