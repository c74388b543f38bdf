package io.kestrastack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PublicAddressTest {

    @Test
    void the_host_is_lower_cased_and_the_default_port_follows_the_scheme() {
        PublicAddress a = PublicAddress.parse("HTTPS://Flows.Example.COM");
        assertEquals(Scheme.HTTPS, a.scheme());
        assertEquals("flows.example.com", a.host());
        assertEquals(443, a.port());
        assertTrue(a.defaultPort());
    }

    @ParameterizedTest
    @CsvSource({
        "http://localhost:8080, http://localhost:8080",
        "http://localhost:8080/, http://localhost:8080",
        "http://example.com:80, http://example.com",
        "https://example.com:443/, https://example.com",
        "https://example.com:80, https://example.com:80",
        "http://10.0.0.1:443, http://10.0.0.1:443"
    })
    void the_origin_leaves_out_only_the_default_port(String input, String origin) {
        assertEquals(origin, PublicAddress.parse(input).origin());
    }

    @ParameterizedTest
    @CsvSource({
        "https://flows.example.com, /, https://flows.example.com/",
        "https://flows.example.com, /kestra, https://flows.example.com/kestra/",
        "http://localhost:8080, /a/b, http://localhost:8080/a/b/"
    })
    void the_kestra_url_ends_with_exactly_one_slash(String address, String path, String url) {
        assertEquals(url, PublicAddress.parse(address).url(ContextPath.parse(path)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com", "example.com", "https://example.com/path", "https://example.com?q=1",
        "https://example.com#f", "https://user@example.com", "https://[::1]", "https://example.com:0",
        "https://example.com:65536", "https://example.com:", "https://", "https://a_b.com", "https://-a.com",
        "https://a-.com", "https://256.1.1.1", "https://1.2.3", "https://x..y", "https://x.", "https://ex ample.com",
        "https://exämple.com"})
    void anything_but_scheme_host_and_port_is_refused(String input) {
        assertThrows(IllegalArgumentException.class, () -> PublicAddress.parse(input));
    }

    @Test
    void a_path_gets_its_own_explanation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PublicAddress.parse("https://example.com/kestra"));
        assertTrue(e.getMessage().contains("contextPath"), e.getMessage());
    }

    @Test
    void the_record_checks_host_and_port_itself() {
        assertThrows(IllegalArgumentException.class, () -> new PublicAddress(Scheme.HTTP, "Upper.Case", 80));
        assertThrows(IllegalArgumentException.class, () -> new PublicAddress(Scheme.HTTP, "example.com", 0));
        assertEquals("http://example.com:8080", new PublicAddress(Scheme.HTTP, "example.com", 8080).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "kestra.localhost", "127.0.0.1", "127.10.20.30"})
    void loopback_hosts_are_recognised(String host) {
        assertTrue(new PublicAddress(Scheme.HTTP, host, 8080).isLoopback());
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "10.0.0.1", "127.example.com", "localhost.example.com", "mylocalhost"})
    void other_hosts_are_not_loopback(String host) {
        assertFalse(new PublicAddress(Scheme.HTTP, host, 8080).isLoopback());
    }
}
