package io.kestrastack.lint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.ImageRef;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How the linter reads image references, published ports and mounts of a Compose service. */
class ComposeProjectTest {

    @ParameterizedTest
    @ValueSource(strings = {"latest", "develop", "latest-lts", "develop-no-plugins", "nightly", "v1.3.4", "v1.3",
        "v2.0.5-no-plugins", "18.1", "18.1-bookworm", "alpine", "edge", "main-2024", "mainline", "1.27-alpine"})
    void a_moving_tag_is_what_core_calls_floating(String tag) {
        boolean core = ImageRef.parse("kestra/kestra:" + tag).isFloating();
        assertEquals(core, ComposeProject.Image.parse("kestra/kestra:" + tag).moving(), tag);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "postgres|postgres||",
        "postgres:18.1|postgres|18.1|",
        "registry.example.com:5000/team/kestra:v1.3.4|registry.example.com:5000/team/kestra|v1.3.4|",
        "kestra/kestra@sha256:abc|kestra/kestra||sha256:abc",
        "Kestra/Kestra:V1|kestra/kestra|V1|",
    })
    void image_references_split_into_repository_tag_and_digest(String reference, String repository, String tag,
            String digest) {
        ComposeProject.Image i = ComposeProject.Image.parse(reference);
        assertEquals(repository, i.repository());
        assertEquals(tag, i.tag());
        assertEquals(digest, i.digest());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "18.1|18", "16.4-bookworm|16", "v2.0.5|2", "alpine|2147483647", "latest|2147483647",
    })
    void the_major_version_of_a_tag_is_its_leading_number_else_the_newest(String tag, int major) {
        assertEquals(Optional.of(major), ComposeProject.Image.parse("postgres:" + tag).major());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "8080:8080|''|8080|8080",
        "127.0.0.1:5432:5432|127.0.0.1|5432|5432",
        "5432|''|5432|5432",
        "8080-8081:8080-8081|''|8080|8081",
        "[::1]:15432:5432/tcp|[::1]|5432|5432",
        "::1:15432:5432|::1|5432|5432",
        "0.0.0.0:443:443/udp|0.0.0.0|443|443",
    })
    void published_ports_read_the_short_syntax(String text, String hostIp, int first, int last) {
        ComposeProject.Port p = ComposeProject.Port.parse(text, 1).orElseThrow();
        assertEquals(hostIp, p.hostIp());
        assertEquals(first, p.containerFirst());
        assertEquals(last, p.containerLast());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.1.1", "[::1]", "::1", "localhost"})
    void loopback_addresses_are_recognised(String ip) {
        assertTrue(new ComposeProject.Port(ip, 5432, 5432, 1).loopback());
        assertFalse(new ComposeProject.Port("0.0.0.0", 5432, 5432, 1).loopback());
        assertFalse(new ComposeProject.Port("", 5432, 5432, 1).loopback());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "postgres-data:/var/lib/postgresql|false|postgres-data|/var/lib/postgresql",
        "./pgdata:/var/lib/postgresql/data/:rw|true|./pgdata|/var/lib/postgresql/data",
        "/var/run/docker.sock:/var/run/docker.sock|true|/var/run/docker.sock|/var/run/docker.sock",
        "/data|false|''|/data",
    })
    void mounts_read_the_short_syntax(String text, boolean bind, String source, String target) {
        ComposeProject.Mount m = ComposeProject.Mount.parse(text, 1).orElseThrow();
        assertEquals(bind, m.bind());
        assertEquals(source, m.source());
        assertEquals(target, m.target());
    }
}
