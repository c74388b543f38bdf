package io.kestrastack;

import static io.kestrastack.testing.Violations.assertExactly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresServiceTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private static PostgresService.Builder pg() {
        return PostgresService.builder();
    }

    @Test
    void defaults_are_a_pinned_postgres_18_unpublished_with_a_generated_password() {
        PostgresService p = pg().build();
        assertEquals("postgres:18.1", p.image().reference());
        assertEquals(18, p.majorVersion());
        assertEquals("/var/lib/postgresql", p.dataPath());
        assertEquals("kestra", p.database());
        assertEquals("kestra", p.user());
        assertEquals("postgres-data", p.volume());
        assertEquals(OptionalInt.empty(), p.publishedPort());
        assertEquals("127.0.0.1", p.publishAddress());
        assertEquals("POSTGRES_PASSWORD", p.password().variable());
        assertTrue(p.password().generated());
        assertEquals("jdbc:postgresql://postgres:5432/kestra", p.jdbcUrl());
    }

    @ParameterizedTest
    @CsvSource({"postgres:17.6, /var/lib/postgresql/data", "postgres:14, /var/lib/postgresql/data",
        "postgres:18.1-trixie, /var/lib/postgresql", "postgres:19, /var/lib/postgresql"})
    void the_data_path_follows_the_major_version(String image, String path) {
        assertEquals(path, pg().image(image).build().dataPath());
    }

    @Test
    void a_digest_only_image_needs_the_major_version() {
        assertExactly(() -> pg().image("postgres@" + DIGEST).build(), "image unknown-major");
        assertEquals(17, pg().image("postgres@" + DIGEST).majorVersion(17).build().majorVersion());
    }

    @Test
    void an_explicit_major_version_must_agree_with_the_tag() {
        assertExactly(() -> pg().image("postgres:16.4").majorVersion(17).build(), "majorVersion major-mismatch");
        assertEquals(16, pg().image("postgres:16.4").majorVersion(16).build().majorVersion());
    }

    @Test
    void postgres_older_than_14_is_refused_where_the_version_comes_from() {
        assertExactly(() -> pg().image("postgres:13.9").build(), "image postgres-too-old");
        assertExactly(() -> pg().image("postgres@" + DIGEST).majorVersion(12).build(), "majorVersion postgres-too-old");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "localhost:5000/postgres"})
    void the_image_must_have_a_tag_or_digest(String image) {
        assertExactly(() -> pg().image(image).build(), "image unpinned-image");
    }

    @Test
    void a_floating_tag_is_refused_and_tells_no_major_version() {
        assertExactly(() -> pg().image("postgres:latest").build(), "image unpinned-image", "image unknown-major");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Postgres:18", "postgres:18 x", "postgres:"})
    void the_image_must_be_a_valid_reference(String image) {
        assertExactly(() -> pg().image(image).build(), "image invalid-image");
    }

    @Test
    void service_name_database_user_and_volume_must_be_plain_names() {
        assertExactly(() -> pg().serviceName("Postgres DB").database("1db").user("Kestra").volume("-data").build(),
                "serviceName invalid-service-name", "database invalid-identifier", "user invalid-identifier",
                "volume invalid-volume-name");
        assertEquals("_k", pg().database("_k").user("k_2").build().database());
    }

    @Test
    void a_published_port_binds_an_ipv4_address_of_the_host() {
        PostgresService p = pg().publishedPort(15432).publishAddress("0.0.0.0").build();
        assertEquals(OptionalInt.of(15432), p.publishedPort());
        assertExactly(() -> pg().publishedPort(0).build(), "publishedPort invalid-port");
        assertExactly(() -> pg().publishAddress("localhost").build(), "publishAddress invalid-address");
        assertExactly(() -> pg().publishAddress("::1").build(), "publishAddress invalid-address");
        assertExactly(() -> pg().publishAddress("256.0.0.1").build(), "publishAddress invalid-address");
        assertEquals(OptionalInt.empty(), pg().publishedPort(15432).notPublished().build().publishedPort());
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 262144, -1})
    void max_connections_is_between_4_and_262143(int max) {
        assertExactly(() -> pg().maxConnections(max).build(), "maxConnections invalid-max-connections");
    }

    @Test
    void the_password_variable_must_be_a_free_upper_case_name() {
        assertExactly(() -> pg().password(Secret.of("pg_password", "x-value")).build(), "password invalid-variable-name");
        assertExactly(() -> pg().password(Secret.of("1PASSWORD", "x-value")).build(), "password invalid-variable-name");
        for (String reserved : new String[] {"KESTRA_PG", "MICRONAUT_PG", "DATASOURCES_PG", "ENDPOINTS_PG", "SECRET_PG",
            "ENV_PG", "POSTGRES_USER", "POSTGRES_DB", "JAVA_OPTS", "PGDATA"}) {
            assertExactly(() -> pg().password(Secret.of(reserved, "x-value")).build(), "password reserved-variable");
        }
    }

    @Test
    void the_password_value_must_survive_env_compose_and_micronaut_unchanged() {
        assertExactly(() -> pg().password(Secret.of("POSTGRES_PASSWORD", "")).build(), "password empty-secret");
        assertExactly(() -> pg().password(Secret.of("POSTGRES_PASSWORD", "x".repeat(4097))).build(),
                "password secret-too-long");
        for (String value : new String[] {"a\nb", "a\rb", "a\u0007b", "a\u0085b", "a\u2028b", "a\u2029b", "a\tb"}) {
            assertExactly(() -> pg().password(Secret.of("POSTGRES_PASSWORD", value)).build(),
                    "password secret-control-character");
        }
        assertExactly(() -> pg().password(Secret.of("POSTGRES_PASSWORD", "it's")).build(), "password secret-unsafe-quote");
        assertExactly(() -> pg().password(Secret.of("POSTGRES_PASSWORD", "back\\slash")).build(),
                "password secret-unsafe-quote");
        assertExactly(() -> pg().password(Secret.of("POSTGRES_PASSWORD", "a${b}")).build(), "password secret-placeholder");
        assertExactly(() -> pg().password(Secret.of("POSTGRES_PASSWORD", " lead")).build(),
                "password secret-surrounding-space");
        assertExactly(() -> pg().password(Secret.of("POSTGRES_PASSWORD", "trail\u2003")).build(),
                "password secret-surrounding-space");
        pg().password(Secret.of("POSTGRES_PASSWORD", "$a $$b #c \"d\" {e} ü 😀 x".repeat(100))).build();
    }

    @Test
    void to_builder_keeps_every_setting() {
        PostgresService p = pg().serviceName("db").image("postgres:16.4").database("flows").user("flows")
                .publishedPort(15432).publishAddress("127.0.0.2").maxConnections(50).volume("db-data").build();
        PostgresService copy = p.toBuilder().build();
        assertEquals(p.toString(), copy.toString());
        assertEquals(p.password(), copy.password());
        assertEquals(p.jdbcUrl(), copy.jdbcUrl());
        assertEquals(p.maxConnections(), copy.maxConnections());
        assertEquals(p.volume(), copy.volume());
        assertEquals(p.dataPath(), copy.dataPath());
    }
}
