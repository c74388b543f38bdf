package io.kestrastack;

import static io.kestrastack.testing.Violations.assertExactly;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Storage settings, checked when the Kestra service is built (paths under {@code storage}). */
class InternalStorageTest {

    private static final Secret AK = Secret.of("S3_ACCESS_KEY", "AKIAEXAMPLE");
    private static final Secret SK = Secret.of("S3_SECRET_KEY", "s3cr3t/Key+Value");

    private static KestraService kestra(InternalStorage storage) {
        return KestraService.builder().username("admin@example.com").storage(storage).build();
    }

    @Test
    void local_storage_defaults_to_a_named_volume_at_app_storage() {
        InternalStorage.Local local = InternalStorage.local();
        assertEquals("/app/storage", local.basePath());
        assertEquals("kestra-storage", local.volume());
        assertEquals("local", local.type());
        assertEquals(List.of(), local.secrets());
        assertEquals(local, kestra(local).storage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"app/storage", "/", "/app/", "/app storage", "/app/../x", "//app"})
    void local_storage_needs_an_absolute_path_of_plain_segments(String path) {
        assertExactly(() -> kestra(new InternalStorage.Local(path, "v")), "storage.basePath invalid-path");
    }

    @Test
    void local_storage_needs_a_valid_volume_name() {
        assertExactly(() -> kestra(new InternalStorage.Local("/data", "-v")), "storage.volume invalid-volume-name");
    }

    @Test
    void s3_accepts_aws_with_or_without_keys_and_compatible_endpoints() {
        kestra(new InternalStorage.S3("kestra-bucket", "eu-west-1", null, null, null, false));
        InternalStorage.S3 s3 = new InternalStorage.S3("kestra.bucket-1", "us-east-1", "http://minio:9000", AK, SK, true);
        assertEquals(List.of(AK, SK), kestra(s3).storage().secrets());
        assertEquals("s3", s3.type());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "Kestra", "kestra_bucket", "-kestra", "kestra-", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void bucket_names_follow_the_s3_rules(String bucket) {
        assertExactly(() -> kestra(new InternalStorage.S3(bucket, "eu-west-1", null, null, null, false)),
                "storage.bucket invalid-bucket");
    }

    @Test
    void s3_region_endpoint_and_credential_rules() {
        assertExactly(() -> kestra(new InternalStorage.S3("bucket-a", "EU West", null, null, null, false)),
                "storage.region invalid-region");
        assertExactly(() -> kestra(new InternalStorage.S3("bucket-a", "eu-west-1", "ftp://x", null, null, false)),
                "storage.endpoint invalid-endpoint");
        assertExactly(() -> kestra(new InternalStorage.S3("bucket-a", "eu-west-1", "https://x/path", null, null, false)),
                "storage.endpoint invalid-endpoint");
        assertExactly(() -> kestra(new InternalStorage.S3("bucket-a", "eu-west-1", null, AK, null, false)),
                "storage.accessKey incomplete-credentials");
        assertExactly(() -> kestra(new InternalStorage.S3("bucket-a", "eu-west-1", null, null, SK, false)),
                "storage.accessKey incomplete-credentials");
        assertExactly(() -> kestra(new InternalStorage.S3("bucket-a", "eu-west-1", null, AK,
                Secret.of("S3_SECRET_KEY", "it's"), false)), "storage.secretKey secret-unsafe-quote");
    }

    @Test
    void minio_rules() {
        Secret a = Secret.of("MINIO_ACCESS_KEY", "minio-access");
        Secret s = Secret.of("MINIO_SECRET_KEY", "minio-secret");
        assertEquals(List.of(a, s), kestra(new InternalStorage.Minio("minio.internal", 9000, false, "kestra", a, s)).storage()
                .secrets());
        assertExactly(() -> kestra(new InternalStorage.Minio("http://minio", 0, true, "Kestra", a,
                Secret.of("KESTRA_MINIO", "x"))),
                "storage.endpoint invalid-host", "storage.port invalid-port", "storage.bucket invalid-bucket",
                "storage.secretKey reserved-variable");
    }

    @Test
    void gcs_rules() {
        kestra(new InternalStorage.Gcs("kestra-bucket", "kestra-project-1", null));
        kestra(new InternalStorage.Gcs("kestra-bucket", "kestra-project-1", "./keys/gcp.json"));
        assertExactly(() -> kestra(new InternalStorage.Gcs("kestra-bucket", "Kestra", "key.json")),
                "storage.projectId invalid-project-id", "storage.serviceAccountFile invalid-path");
        assertExactly(() -> kestra(new InternalStorage.Gcs("kestra-bucket", "kestra-project-1", "/keys/my key.json")),
                "storage.serviceAccountFile invalid-path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "Kestra", "k--s", "-kestra", "kestra-", "k_s"})
    void azure_container_names_follow_azures_rules(String container) {
        assertExactly(() -> kestra(new InternalStorage.Azure("https://acct.blob.core.windows.net", container,
                Secret.of("AZURE_CONNECTION_STRING", "cs"))), "storage.container invalid-container");
    }

    @Test
    void azure_endpoint_and_connection_string_rules() {
        assertExactly(() -> kestra(new InternalStorage.Azure("acct.blob.core.windows.net", "kestra",
                Secret.of("AZURE_CONNECTION_STRING", ""))),
                "storage.endpoint invalid-endpoint", "storage.connectionString empty-secret");
    }
}
