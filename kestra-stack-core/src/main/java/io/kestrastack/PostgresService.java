package io.kestrastack;

import io.kestrastack.internal.Checks;
import io.kestrastack.internal.Problems;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL service that holds Kestra's repository and queue.
 *
 * <p>Rendered with a pinned image, a named data volume mounted where the image's major version keeps
 * its data, a {@code pg_isready} healthcheck, and no published port unless one is asked for.
 */
public final class PostgresService {

    /** The image used when none is set. */
    public static final String DEFAULT_IMAGE = "postgres:18.1";
    /** The oldest major Kestra supports. */
    public static final int MINIMUM_MAJOR = 14;

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String serviceName;
    private final ImageRef image;
    private final int majorVersion;
    private final String database;
    private final String user;
    private final Secret password;
    private final @Nullable Integer publishedPort;
    private final String publishAddress;
    private final @Nullable Integer maxConnections;
    private final String volume;

    private PostgresService(Builder b, ImageRef image, int majorVersion) {
        this.serviceName = b.serviceName;
        this.image = image;
        this.majorVersion = majorVersion;
        this.database = b.database;
        this.user = b.user;
        this.password = Objects.requireNonNull(b.password);
        this.publishedPort = b.publishedPort;
        this.publishAddress = b.publishAddress;
        this.maxConnections = b.maxConnections;
        this.volume = b.volume;
    }

    /** A builder with the defaults described on each setter. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this service's settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Compose service name, also the host name Kestra connects to. */
    public String serviceName() {
        return serviceName;
    }

    /** The pinned image. */
    public ImageRef image() {
        return image;
    }

    /** The PostgreSQL major version, from the tag or set explicitly. */
    public int majorVersion() {
        return majorVersion;
    }

    /** Database name. */
    public String database() {
        return database;
    }

    /** Role name. */
    public String user() {
        return user;
    }

    /** The role's password. */
    public Secret password() {
        return password;
    }

    /** The host port Postgres is published on, if any. */
    public OptionalInt publishedPort() {
        return publishedPort == null ? OptionalInt.empty() : OptionalInt.of(publishedPort);
    }

    /** The host address a published port binds to. */
    public String publishAddress() {
        return publishAddress;
    }

    /** {@code max_connections} passed to the server, if set. */
    public OptionalInt maxConnections() {
        return maxConnections == null ? OptionalInt.empty() : OptionalInt.of(maxConnections);
    }

    /** Name of the data volume. */
    public String volume() {
        return volume;
    }

    /**
     * Where the image keeps its data: {@code /var/lib/postgresql} from major 18 on, and
     * {@code /var/lib/postgresql/data} before.
     */
    public String dataPath() {
        return majorVersion >= 18 ? "/var/lib/postgresql" : "/var/lib/postgresql/data";
    }

    /** The JDBC URL Kestra uses inside the Compose network. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + serviceName + ":5432/" + database;
    }

    @Override
    public String toString() {
        return "PostgresService[image=" + image + ", database=" + database + ", user=" + user + ", password="
                + password + (publishedPort == null ? "" : ", published=" + publishAddress + ":" + publishedPort) + "]";
    }

    /** Builds a {@link PostgresService}; every check runs in {@link #build()}. */
    public static final class Builder {
        private String serviceName = "postgres";
        private @Nullable String image = DEFAULT_IMAGE;
        private @Nullable Integer majorVersion;
        private String database = "kestra";
        private String user = "kestra";
        private @Nullable Secret password = Secret.generate("POSTGRES_PASSWORD");
        private @Nullable Integer publishedPort;
        private String publishAddress = "127.0.0.1";
        private @Nullable Integer maxConnections;
        private String volume = "postgres-data";

        private Builder() {}

        private Builder(PostgresService s) {
            serviceName = s.serviceName;
            image = s.image.reference();
            majorVersion = s.majorVersion;
            database = s.database;
            user = s.user;
            password = s.password;
            publishedPort = s.publishedPort;
            publishAddress = s.publishAddress;
            maxConnections = s.maxConnections;
            volume = s.volume;
        }

        /** Compose service name. Defaults to {@code postgres}. */
        public Builder serviceName(String serviceName) {
            this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
            return this;
        }

        /**
         * Image reference. Defaults to {@value PostgresService#DEFAULT_IMAGE}. Must carry a tag or digest
         * that is not {@code latest}; the major version is read from the tag unless set with
         * {@link #majorVersion(int)}.
         */
        public Builder image(String image) {
            this.image = Objects.requireNonNull(image, "image");
            return this;
        }

        /** The PostgreSQL major version, for tags that do not start with it (or digest-only images). */
        public Builder majorVersion(int majorVersion) {
            this.majorVersion = majorVersion;
            return this;
        }

        /** Database name. Defaults to {@code kestra}. Must be a lower-case SQL identifier. */
        public Builder database(String database) {
            this.database = Objects.requireNonNull(database, "database");
            return this;
        }

        /** Role name. Defaults to {@code kestra}. Must be a lower-case SQL identifier. */
        public Builder user(String user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        /** The role's password. Defaults to a generated secret in {@code POSTGRES_PASSWORD}. */
        public Builder password(Secret password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * Publishes Postgres on {@code 127.0.0.1:port} of the host, for tools such as backups or psql.
         * Not published by default. Docker-published ports bypass host firewalls.
         */
        public Builder publishedPort(int port) {
            this.publishedPort = port;
            return this;
        }

        /** Stops publishing Postgres on the host (the default). */
        public Builder notPublished() {
            this.publishedPort = null;
            return this;
        }

        /** Host address a published port binds to. Defaults to {@code 127.0.0.1}. */
        public Builder publishAddress(String address) {
            this.publishAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Sets the server's {@code max_connections}. Unset by default (the image's 100). Must leave room
         * for every Kestra JVM's connection pool; {@link Stack.Builder#build()} checks that.
         */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /** Name of the data volume. Defaults to {@code postgres-data}. */
        public Builder volume(String volume) {
            this.volume = Objects.requireNonNull(volume, "volume");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws StackConfigException listing every problem: missing or unpinned image, a major version
         *     below {@value PostgresService#MINIMUM_MAJOR} or unknown, database or user not a plain
         *     identifier, a password that cannot travel safely, bad ports or names
         */
        public PostgresService build() {
            Problems p = new Problems();
            Checks.serviceName(p, "serviceName", serviceName);
            ImageRef ref = Checks.image(p, "image", image, false, DEFAULT_IMAGE);
            int major = 0;
            if (ref != null) {
                Integer fromTag = ref.leadingVersion().orElse(null);
                if (majorVersion != null) {
                    major = majorVersion;
                    if (fromTag != null && !fromTag.equals(majorVersion)) {
                        p.add("majorVersion", "major-mismatch",
                                "majorVersion is " + majorVersion + " but the image tag says " + fromTag,
                                "drop majorVersion(...) or make it match the tag");
                    }
                } else if (fromTag != null) {
                    major = fromTag;
                } else {
                    p.add("image", "unknown-major",
                            "the PostgreSQL major version cannot be read from '" + ref.reference() + "'",
                            "use a tag that starts with the major version, or call majorVersion(18)");
                }
                if (major != 0 && major < MINIMUM_MAJOR) {
                    p.add(majorVersion != null ? "majorVersion" : "image", "postgres-too-old",
                            "PostgreSQL " + major + " is older than " + MINIMUM_MAJOR + ", the oldest Kestra supports",
                            "use postgres:" + MINIMUM_MAJOR + " or newer");
                }
            }
            if (!IDENTIFIER.matcher(database).matches()) {
                p.add("database", "invalid-identifier", "'" + database + "' is not a plain SQL identifier",
                        "use lower-case letters, digits and _, starting with a letter or _");
            }
            if (!IDENTIFIER.matcher(user).matches()) {
                p.add("user", "invalid-identifier", "'" + user + "' is not a plain SQL identifier",
                        "use lower-case letters, digits and _, starting with a letter or _");
            }
            Checks.infrastructureSecret(p, "password", password);
            if (publishedPort != null) {
                Checks.port(p, "publishedPort", publishedPort);
            }
            if (!PublicAddress.isValidHost(publishAddress) || !publishAddress.matches("[0-9.]+")) {
                p.add("publishAddress", "invalid-address", "'" + publishAddress + "' is not an IPv4 address",
                        "use 127.0.0.1 (this host only) or another address of the host");
            }
            if (maxConnections != null && (maxConnections < 4 || maxConnections > 262143)) {
                p.add("maxConnections", "invalid-max-connections",
                        "max_connections " + maxConnections + " is outside 4-262143",
                        "use a value that covers every Kestra connection pool plus a few spare");
            }
            Checks.volumeName(p, "volume", volume);
            p.throwIfAny();
            return new PostgresService(this, Objects.requireNonNull(ref), major);
        }
    }
}
