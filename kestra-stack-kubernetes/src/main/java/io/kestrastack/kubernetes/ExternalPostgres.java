package io.kestrastack.kubernetes;

import io.kestrastack.PublicAddress;
import io.kestrastack.Secret;
import io.kestrastack.StackConfigException;
import io.kestrastack.internal.Checks;
import io.kestrastack.internal.Problems;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL database Kestra uses on Kubernetes: always external to the manifests (a managed database
 * or one run by an operator), shared by every component.
 *
 * <p>The password is either a {@link Secret} that kestra-stack puts into the Secret it renders (a generated
 * one by default: give it to the database), or a key of a Secret that exists already.
 */
public final class ExternalPostgres {

    /** The environment variable of the Kestra containers that holds the password. */
    public static final String PASSWORD_VARIABLE = "POSTGRES_PASSWORD";
    private static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final @Nullable Secret password;
    private final @Nullable SecretKeyRef existingPassword;
    private final @Nullable Integer maxConnections;
    private final @Nullable String sslMode;

    private ExternalPostgres(Builder b) {
        this.host = b.host == null ? "" : b.host;
        this.port = b.port;
        this.database = b.database;
        this.user = b.user;
        this.password = b.existingPassword == null ? b.password : null;
        this.existingPassword = b.existingPassword;
        this.maxConnections = b.maxConnections;
        this.sslMode = b.sslMode;
    }

    /** A builder with the defaults described on each setter. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.database = database;
        b.user = user;
        b.password = password == null ? b.password : password;
        b.existingPassword = existingPassword;
        b.maxConnections = maxConnections;
        b.sslMode = sslMode;
        return b;
    }

    /** Host name of the database. */
    public String host() {
        return host;
    }

    /** Its port. */
    public int port() {
        return port;
    }

    /** Database name. */
    public String database() {
        return database;
    }

    /** Database user. */
    public String user() {
        return user;
    }

    /** The password kestra-stack renders into its own Secret, unless an existing Secret holds it. */
    public Optional<Secret> password() {
        return Optional.ofNullable(password);
    }

    /** The existing Secret key holding the password, if the password is not rendered by kestra-stack. */
    public Optional<SecretKeyRef> existingPassword() {
        return Optional.ofNullable(existingPassword);
    }

    /** The server's {@code max_connections}, if stated; the connection budget is checked against it. */
    public OptionalInt maxConnections() {
        return maxConnections == null ? OptionalInt.empty() : OptionalInt.of(maxConnections);
    }

    /** {@code sslmode} of the JDBC URL, if set. */
    public Optional<String> sslMode() {
        return Optional.ofNullable(sslMode);
    }

    /** {@code jdbc:postgresql://host:port/database[?sslmode=...]}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + (sslMode == null ? "" : "?sslmode=" + sslMode);
    }

    @Override
    public String toString() {
        return "ExternalPostgres[" + host + ":" + port + "/" + database + ", user=" + user + ", password="
                + (existingPassword != null ? "secretKeyRef " + existingPassword.name() + "/" + existingPassword.key()
                        : String.valueOf(password))
                + "]";
    }

    /** Builds an {@link ExternalPostgres}; every check runs in {@link #build()}. */
    public static final class Builder {
        private @Nullable String host;
        private int port = 5432;
        private String database = "kestra";
        private String user = "kestra";
        private @Nullable Secret password = Secret.generate(PASSWORD_VARIABLE);
        private @Nullable SecretKeyRef existingPassword;
        private @Nullable Integer maxConnections;
        private @Nullable String sslMode;

        private Builder() {}

        /** Host name of the database, for example {@code kestra-db.rds.amazonaws.com}. Required. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port. Defaults to 5432. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Database name. Defaults to {@code kestra}. */
        public Builder database(String database) {
            this.database = Objects.requireNonNull(database, "database");
            return this;
        }

        /** User. Defaults to {@code kestra}. */
        public Builder user(String user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        /**
         * The password, rendered into kestra-stack's Secret under its variable name. Defaults to a generated
         * password in {@value ExternalPostgres#PASSWORD_VARIABLE}: set it on the database.
         */
        public Builder password(Secret password) {
            this.password = Objects.requireNonNull(password, "password");
            this.existingPassword = null;
            return this;
        }

        /** Reads the password from a key of a Secret that exists already in the namespace. */
        public Builder passwordFromSecret(String secretName, String key) {
            this.existingPassword = new SecretKeyRef(secretName, key);
            return this;
        }

        /** The server's {@code max_connections}; when given, {@code build()} checks Kestra's pools fit. */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /** {@code sslmode} for the JDBC URL ({@code require}, {@code verify-full}, ...). Unset by default. */
        public Builder sslMode(String sslMode) {
            this.sslMode = Objects.requireNonNull(sslMode, "sslMode");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws StackConfigException for a missing or invalid host, a port out of range, a database or
         *     user that is not a plain identifier, an invalid existing Secret name or key, an unusable
         *     password value, a {@code max_connections} below 1, or an unknown {@code sslmode}
         */
        public ExternalPostgres build() {
            Problems p = new Problems();
            if (host == null) {
                p.add("host", "required", "no database host set",
                        "call host(\"kestra-db.example.internal\") with your managed database's host name");
            } else if (!PublicAddress.isValidHost(host)) {
                p.add("host", "invalid-host", "'" + host + "' is not a host name", "give the host name only, without scheme or port");
            }
            Checks.port(p, "port", port);
            if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
                p.add("database", "invalid-identifier", "the database name is not a plain SQL identifier",
                        "use lower-case letters, digits and underscores");
            }
            if (!user.matches("[a-z_][a-z0-9_]{0,62}")) {
                p.add("user", "invalid-identifier", "the user name is not a plain SQL identifier",
                        "use lower-case letters, digits and underscores");
            }
            if (existingPassword != null) {
                Names.dnsSubdomain(p, "existingPassword.name", existingPassword.name());
                Names.secretKey(p, "existingPassword.key", existingPassword.key());
            } else if (password != null) {
                Checks.infrastructureSecret(p, "password", password);
            }
            if (maxConnections != null && maxConnections < 1) {
                p.add("maxConnections", "out-of-range", "max_connections must be at least 1", "give the server's max_connections");
            }
            if (sslMode != null && !SSL_MODES.contains(sslMode)) {
                p.add("sslMode", "invalid-ssl-mode", "'" + sslMode + "' is not a PostgreSQL sslmode",
                        "use one of " + String.join(", ", SSL_MODES));
            }
            p.throwIfAny();
            return new ExternalPostgres(this);
        }
    }
}
