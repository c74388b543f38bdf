package io.kestrastack.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.Scheme;
import io.kestrastack.Violation;
import io.kestrastack.proxy.testing.Violations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {

    @Test
    void defaults_suit_kestra_event_streams_and_uploads() {
        ProxySettings d = ProxySettings.defaults();
        assertEquals(Duration.ofHours(1), d.readTimeout());
        assertEquals(Duration.ofHours(1), d.sendTimeout());
        assertEquals(1024, d.maxBodyMegabytes());
        assertTrue(d.accessLog());
        assertTrue(d.compression());
        assertEquals(List.of(), d.allowedNetworks());
    }

    @Test
    void default_security_headers_send_hsts_without_preload_only_over_https() {
        ProxySettings d = ProxySettings.defaults();
        assertEquals(Map.of("X-Content-Type-Options", "nosniff", "X-Frame-Options", "SAMEORIGIN",
                "Referrer-Policy", "strict-origin-when-cross-origin", "Strict-Transport-Security", "max-age=31536000"),
                d.headersFor(Scheme.HTTPS));
        assertEquals(List.of("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"),
                List.copyOf(d.headersFor(Scheme.HTTP).keySet()));
    }

    @Test
    void hsts_options_are_each_opt_in() {
        ProxySettings s = ProxySettings.builder().hsts(Duration.ofDays(730)).hstsIncludeSubDomains(true).hstsPreload(true)
                .build();
        assertEquals("max-age=63072000; includeSubDomains; preload", s.hsts().orElseThrow().headerValue());
        assertTrue(ProxySettings.builder().noHsts().build().headersFor(Scheme.HTTPS).keySet().stream()
                .noneMatch(h -> h.equals("Strict-Transport-Security")));
    }

    @Test
    void hsts_preload_needs_include_subdomains_and_a_year() {
        Violations.expect(() -> ProxySettings.builder().hstsPreload(true).build(), "hsts.preload",
                "hsts-preload-requirements");
        Violations.expect(() -> ProxySettings.builder().hsts(Duration.ofDays(30)).hstsIncludeSubDomains(true)
                .hstsPreload(true).build(), "hsts.preload", "hsts-preload-requirements");
        Violations.expect(() -> ProxySettings.builder().noHsts().hstsIncludeSubDomains(true).build(), "hsts",
                "hsts-disabled");
        Violations.expect(() -> ProxySettings.builder().hsts(Duration.ofSeconds(-1)).build(), "hsts.maxAge",
                "invalid-hsts-max-age");
    }

    @Test
    void timeouts_shorter_than_an_idle_event_stream_are_refused() {
        Violations.expect(() -> ProxySettings.builder().readTimeout(Duration.ofSeconds(60)).build(), "readTimeout",
                "timeout-too-short");
        Violations.expect(() -> ProxySettings.builder().sendTimeout(Duration.ofSeconds(10)).build(), "sendTimeout",
                "timeout-too-short");
        Violations.expect(() -> ProxySettings.builder().readTimeout(Duration.ofMillis(300_500)).build(), "readTimeout",
                "timeout-not-whole-seconds");
        Violations.expect(() -> ProxySettings.builder().readTimeout(Duration.ofDays(8)).build(), "readTimeout",
                "timeout-too-long");
    }

    @Test
    void body_limit_must_be_positive_and_bounded() {
        Violations.expect(() -> ProxySettings.builder().maxBodyMegabytes(0).build(), "maxBodyMegabytes",
                "body-limit-out-of-range");
        Violations.expect(() -> ProxySettings.builder().maxBodyMegabytes(ProxySettings.MAX_BODY_MEGABYTES_LIMIT + 1)
                .build(), "maxBodyMegabytes", "body-limit-out-of-range");
    }

    @Test
    void the_body_limit_can_be_written_as_a_size_with_a_binary_unit() {
        assertEquals(200, ProxySettings.builder().maxBodySize("200m").build().maxBodyMegabytes());
        assertEquals(2048, ProxySettings.builder().maxBodySize("2g").build().maxBodyMegabytes());
        assertEquals(512, ProxySettings.builder().maxBodySize("512MiB").build().maxBodyMegabytes());
        assertEquals(1, ProxySettings.builder().maxBodySize("1024k").build().maxBodyMegabytes());
        Violations.expect(() -> ProxySettings.builder().maxBodySize("100").build(), "maxBodySize", "invalid-size");
        Violations.expect(() -> ProxySettings.builder().maxBodySize("1000k").build(), "maxBodySize", "invalid-size");
        Violations.expect(() -> ProxySettings.builder().maxBodySize("2t").build(), "maxBodySize",
                "body-limit-out-of-range");
        assertEquals(7, ProxySettings.builder().maxBodySize("1g").maxBodyMegabytes(7).build().maxBodyMegabytes());
    }

    @Test
    void response_headers_are_checked_by_name_and_value() {
        Violations.expect(() -> ProxySettings.builder().putResponseHeader("X-Frame-Options", "DENY").build(),
                "responseHeaders.X-Frame-Options", "managed-header");
        Violations.expect(() -> ProxySettings.builder().putResponseHeader("Content-Length", "1").build(),
                "responseHeaders.Content-Length", "reserved-header");
        Violations.expect(() -> ProxySettings.builder().putResponseHeader("Bad Name", "1").build(),
                "responseHeaders[0]", "invalid-header-name");
        Violations.expect(() -> ProxySettings.builder().putResponseHeader("X-A", "1").putResponseHeader("x-a", "2")
                .build(), "responseHeaders.x-a", "duplicate-header");
        Violations.expect(() -> ProxySettings.builder().putResponseHeader("X-A", "a\r\nX-B: b").build(),
                "responseHeaders.X-A", "header-value-not-printable");
        Violations.expect(() -> ProxySettings.builder().putResponseHeader("X-A", " a").build(),
                "responseHeaders.X-A", "header-value-surrounding-space");
        Violations.expect(() -> ProxySettings.builder().putResponseHeader("X-A", "").build(),
                "responseHeaders.X-A", "empty-header-value");
    }

    @Test
    void allowed_networks_must_be_addresses_or_ranges_without_host_bits() {
        ProxySettings s = ProxySettings.builder().addAllowedNetwork("10.0.0.0/8").addAllowedNetwork("2001:DB8::/32")
                .addAllowedNetwork("203.0.113.7").build();
        assertEquals(List.of("10.0.0.0/8", "2001:db8::/32", "203.0.113.7"), s.allowedNetworks());
        Violations.expect(() -> ProxySettings.builder().addAllowedNetwork("10.1.0.0/8").build(), "allowedNetworks[0]",
                "invalid-network");
        Violations.expect(() -> ProxySettings.builder().addAllowedNetwork("example.com").build(), "allowedNetworks[0]",
                "invalid-network");
        Violations.expect(() -> ProxySettings.builder().addAllowedNetwork("010.0.0.1").build(), "allowedNetworks[0]",
                "invalid-network");
        Violations.expect(() -> ProxySettings.builder().addAllowedNetwork("10.0.0.0/8").addAllowedNetwork("10.0.0.0/8")
                .build(), "allowedNetworks[1]", "duplicate-network");
    }

    @Test
    void every_problem_is_reported_at_once() {
        List<Violation> all = Violations.of(() -> ProxySettings.builder().readTimeout(Duration.ofSeconds(1))
                .maxBodyMegabytes(0).addAllowedNetwork("nope").hstsPreload(true).build());
        assertEquals(List.of("readTimeout", "maxBodyMegabytes", "hsts.preload", "allowedNetworks[0]"),
                all.stream().map(Violation::path).toList());
    }

    @Test
    void to_builder_keeps_every_setting() {
        ProxySettings s = ProxySettings.builder().readTimeout(Duration.ofHours(2)).frameOptions(ProxySettings.FrameOptions.DENY)
                .putResponseHeader("Content-Security-Policy", "default-src 'self'").addAllowedNetwork("10.0.0.0/8")
                .hsts(Duration.ofDays(400)).hstsIncludeSubDomains(true).accessLog(false).compression(false).build();
        ProxySettings copy = s.toBuilder().build();
        assertEquals(s.toString(), copy.toString());
        assertEquals(s.headersFor(Scheme.HTTPS), copy.headersFor(Scheme.HTTPS));
    }

    @Test
    void hsts_is_never_sent_for_a_loopback_host() {
        ProxySettings d = ProxySettings.defaults();
        assertTrue(d.headersFor(io.kestrastack.PublicAddress.parse("https://flows.example.com"))
                .containsKey("Strict-Transport-Security"));
        assertFalse(d.headersFor(io.kestrastack.PublicAddress.parse("https://localhost")).containsKey("Strict-Transport-Security"));
        assertFalse(d.headersFor(io.kestrastack.PublicAddress.parse("https://127.0.0.1:8443"))
                .containsKey("Strict-Transport-Security"));
    }
}
