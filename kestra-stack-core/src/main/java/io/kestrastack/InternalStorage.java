package io.kestrastack;

import io.kestrastack.internal.Checks;
import io.kestrastack.internal.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where Kestra keeps flow files, namespace files, inputs and outputs ({@code kestra.storage}).
 *
 * <p>{@link Local} is a named volume on one host; use object storage when more than one host runs
 * Kestra. Credentials are {@link Secret}s: the configuration refers to them by placeholder only.
 */
public sealed interface InternalStorage
        permits InternalStorage.Local, InternalStorage.S3, InternalStorage.Minio, InternalStorage.Gcs,
                InternalStorage.Azure {

    /** Kestra's name for the storage type ({@code local}, {@code s3}, ...). */
    String type();

    /** The secrets this storage needs in {@code .env}. */
    List<Secret> secrets();

    /** Adds this storage's problems under {@code path}. */
    void check(Problems p, String path);

    /** Local storage in the default volume {@code kestra-storage}, at {@code /app/storage}. */
    static Local local() {
        return new Local("/app/storage", "kestra-storage");
    }

    /**
     * Local storage: a named volume mounted at {@code basePath}. One host only.
     *
     * @param basePath absolute path inside the container
     * @param volume Compose volume name
     */
    record Local(String basePath, String volume) implements InternalStorage {
        public Local {
            Objects.requireNonNull(basePath, "basePath");
            Objects.requireNonNull(volume, "volume");
        }

        @Override
        public String type() {
            return "local";
        }

        @Override
        public List<Secret> secrets() {
            return List.of();
        }

        @Override
        public void check(Problems p, String path) {
            absolutePath(p, path + ".basePath", basePath);
            Checks.volumeName(p, path + ".volume", volume);
        }
    }

    /**
     * Amazon S3 or an S3-compatible service.
     *
     * @param bucket bucket name
     * @param region AWS region, for example {@code eu-west-1}
     * @param endpoint endpoint URL for S3-compatible services, or {@code null} for AWS
     * @param accessKey access key id, or {@code null} to use the default AWS credential chain
     * @param secretKey secret access key; given exactly when {@code accessKey} is
     * @param forcePathStyle path-style addressing, which most S3-compatible services need
     */
    record S3(String bucket, String region, @Nullable String endpoint, @Nullable Secret accessKey,
            @Nullable Secret secretKey, boolean forcePathStyle) implements InternalStorage {
        public S3 {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(region, "region");
        }

        @Override
        public String type() {
            return "s3";
        }

        @Override
        public List<Secret> secrets() {
            List<Secret> out = new ArrayList<>();
            if (accessKey != null) {
                out.add(accessKey);
            }
            if (secretKey != null) {
                out.add(secretKey);
            }
            return out;
        }

        @Override
        public void check(Problems p, String path) {
            bucketName(p, path + ".bucket", bucket);
            if (!region.matches("[a-z0-9-]{2,32}")) {
                p.add(path + ".region", "invalid-region", "'" + region + "' is not a region name",
                        "use a region such as eu-west-1");
            }
            if (endpoint != null) {
                httpUrl(p, path + ".endpoint", endpoint);
            }
            if ((accessKey == null) != (secretKey == null)) {
                p.add(path + ".accessKey", "incomplete-credentials", "set both accessKey and secretKey, or neither",
                        "give both keys, or none to use the default AWS credential chain");
            }
            if (accessKey != null) {
                Checks.infrastructureSecret(p, path + ".accessKey", accessKey);
            }
            if (secretKey != null) {
                Checks.infrastructureSecret(p, path + ".secretKey", secretKey);
            }
        }
    }

    /**
     * MinIO.
     *
     * @param endpoint host name or address of the MinIO server, without scheme
     * @param port its API port
     * @param secure whether to use TLS
     * @param bucket bucket name
     * @param accessKey access key
     * @param secretKey secret key
     */
    record Minio(String endpoint, int port, boolean secure, String bucket, Secret accessKey, Secret secretKey)
            implements InternalStorage {
        public Minio {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(accessKey, "accessKey");
            Objects.requireNonNull(secretKey, "secretKey");
        }

        @Override
        public String type() {
            return "minio";
        }

        @Override
        public List<Secret> secrets() {
            return List.of(accessKey, secretKey);
        }

        @Override
        public void check(Problems p, String path) {
            if (!PublicAddress.isValidHost(endpoint)) {
                p.add(path + ".endpoint", "invalid-host", "'" + endpoint + "' is not a host name",
                        "give the host name only, for example minio.internal (no scheme, no port)");
            }
            Checks.port(p, path + ".port", port);
            bucketName(p, path + ".bucket", bucket);
            Checks.infrastructureSecret(p, path + ".accessKey", accessKey);
            Checks.infrastructureSecret(p, path + ".secretKey", secretKey);
        }
    }

    /**
     * Google Cloud Storage. Credentials come from a service-account JSON file on the host, mounted
     * read-only and named by {@code GOOGLE_APPLICATION_CREDENTIALS}, so its content never passes through
     * {@code .env} or YAML.
     *
     * @param bucket bucket name
     * @param projectId GCP project id
     * @param serviceAccountFile path of the JSON key file on the Docker host, or {@code null} to use the
     *     machine's default credentials
     */
    record Gcs(String bucket, String projectId, @Nullable String serviceAccountFile) implements InternalStorage {
        /** Where the key file is mounted in the Kestra container. */
        public static final String CONTAINER_PATH = "/etc/kestra/gcp-service-account.json";

        public Gcs {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(projectId, "projectId");
        }

        @Override
        public String type() {
            return "gcs";
        }

        @Override
        public List<Secret> secrets() {
            return List.of();
        }

        @Override
        public void check(Problems p, String path) {
            bucketName(p, path + ".bucket", bucket);
            if (!projectId.matches("[a-z][a-z0-9-]{4,28}[a-z0-9]")) {
                p.add(path + ".projectId", "invalid-project-id", "'" + projectId + "' is not a GCP project id",
                        "use the project id (6-30 lower-case letters, digits and hyphens)");
            }
            if (serviceAccountFile != null && !serviceAccountFile.matches("(/|\\./)[A-Za-z0-9._/-]+")) {
                p.add(path + ".serviceAccountFile", "invalid-path",
                        "the key file path must be absolute or start with ./ and use only letters, digits, . _ / -",
                        "move or rename the file to such a path");
            }
        }
    }

    /**
     * Azure Blob Storage, authenticated with a connection string.
     *
     * @param endpoint the blob endpoint, for example {@code https://acct.blob.core.windows.net}
     * @param container container name
     * @param connectionString the storage account's connection string
     */
    record Azure(String endpoint, String container, Secret connectionString) implements InternalStorage {
        public Azure {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(connectionString, "connectionString");
        }

        @Override
        public String type() {
            return "azure";
        }

        @Override
        public List<Secret> secrets() {
            return List.of(connectionString);
        }

        @Override
        public void check(Problems p, String path) {
            httpUrl(p, path + ".endpoint", endpoint);
            if (!container.matches("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}")) {
                p.add(path + ".container", "invalid-container", "'" + container + "' is not a valid container name",
                        "use 3-63 lower-case letters, digits and single hyphens");
            }
            Checks.infrastructureSecret(p, path + ".connectionString", connectionString);
        }
    }

    private static void bucketName(Problems p, String path, String bucket) {
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            p.add(path, "invalid-bucket", "'" + bucket + "' is not a valid bucket name",
                    "use 3-63 lower-case letters, digits, '.' and '-'");
        }
    }

    private static void absolutePath(Problems p, String path, String value) {
        if (!value.matches("(/[A-Za-z0-9._-]+)+") || value.matches(".*/\\.{1,2}(/.*)?")) {
            p.add(path, "invalid-path", "'" + value + "' is not an absolute path of plain segments",
                    "use a path such as /app/storage");
        }
    }

    private static void httpUrl(Problems p, String path, String value) {
        if (!value.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?")) {
            p.add(path, "invalid-endpoint", "'" + value + "' is not an http(s) URL of a host",
                    "use https://host[:port]");
        }
    }
}
