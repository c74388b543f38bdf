package io.kestrastack.rehearsal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposeProjectTest {

    @Test
    void theDoubledDollarsOfComposeConfigOutputReachTheServiceAsOneDollar() {
        ComposeProject p = ComposeProject.parse(Map.of("services", Map.of("kestra", Map.of("image", "kestra/kestra:v2.0.5",
                "environment", Map.of("A", "$${POSTGRES_PASSWORD} $$$$"),
                "healthcheck", Map.of("test", List.of("CMD-SHELL", "pg_isready -U \"$${POSTGRES_USER}\""))))), List.of());
        ComposeProject.Service s = p.service("kestra");
        assertEquals("${POSTGRES_PASSWORD} $$", s.environment().get("A"));
        assertEquals(List.of("/bin/sh", "-c", "pg_isready -U \"${POSTGRES_USER}\""), s.healthcheck().orElseThrow().argv());
    }

    @Test
    void healthcheckFieldsDefaultAsComposeDocumentsThem() {
        ComposeProject p = ComposeProject.parse(Map.of("services", Map.of("x", Map.of("image", "nginx:1.30.5",
                "healthcheck", Map.of("test", List.of("CMD", "true"))))), List.of());
        ComposeProject.Healthcheck h = p.service("x").healthcheck().orElseThrow();
        assertEquals(Duration.ofSeconds(30), h.interval());
        assertEquals(Duration.ofSeconds(30), h.timeout());
        assertEquals(3, h.retries());
        assertEquals(Duration.ZERO, h.startPeriod());
        assertEquals(List.of("true"), h.argv());
    }

    @Test
    void durationsReadComposeUnits() {
        assertEquals(Duration.ofSeconds(90), ComposeProject.duration("1m30s", 0));
        assertEquals(Duration.ofMillis(1500), ComposeProject.duration("1.5s", 0));
        assertEquals(Duration.ofMinutes(360), ComposeProject.duration("6h", 0));
    }

    @Test
    void publishedPortsKeepTheirHostAddress() {
        ComposeProject p = ComposeProject.parse(Map.of("services", Map.of("caddy", Map.of("image", "caddy:2.11.4",
                "ports", List.of("127.0.0.1:443:443/tcp", "80:80")))), List.of());
        assertEquals(List.of(new ComposeProject.Port("127.0.0.1", 443, 443, "tcp"), new ComposeProject.Port("0.0.0.0", 80, 80, "tcp")),
                p.service("caddy").ports());
    }
}
