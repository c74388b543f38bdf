package io.kestrastack.rehearsal.standin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micronaut.context.annotation.Context;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registers the meters of Kestra that the bundle's alert rules read, under the names and with the kinds Kestra gives
 * them, so that Prometheus scrapes them through Micrometer's Prometheus naming exactly as from Kestra. Kestra's
 * {@code MetricRegistry} prefixes every name with {@code kestra.} ({@code kestra.metrics.prefix}, default
 * {@code kestra}) and registers: counters {@code executor.execution.started.count} and
 * {@code executor.execution.end.count} (tag {@code state}, by the executor), timers {@code executor.execution.duration}
 * and {@code worker.queued.duration}, gauges {@code worker.job.pending}, {@code worker.job.running} and
 * {@code worker.job.thread} (by {@code Worker}, tag {@code worker_group} when set). The values are those of an idle
 * stack: nothing failed, nothing waits, one busy thread of eight.
 */
@Context
public class StandInMetrics {

    private final AtomicInteger pending = new AtomicInteger(0);
    private final AtomicInteger running = new AtomicInteger(1);
    private final AtomicInteger threads = new AtomicInteger(8);

    /**
     * Registers the meters.
     *
     * @param registry Micronaut's Micrometer registry (the Prometheus one, served at {@code <context-path>/prometheus})
     */
    @Inject
    public StandInMetrics(MeterRegistry registry) {
        Tags flow = Tags.of("namespace_id", "company.team", "flow_id", "smoke-test");
        registry.counter("kestra.executor.execution.started.count", flow).increment();
        registry.counter("kestra.executor.execution.end.count", flow.and("state", "SUCCESS")).increment();
        registry.counter("kestra.executor.execution.end.count", flow.and("state", "FAILED"));
        registry.timer("kestra.executor.execution.duration", flow.and("state", "SUCCESS")).record(Duration.ofMillis(420));
        registry.timer("kestra.worker.queued.duration", flow.and("task_type", "io.kestra.plugin.core.log.Log"))
                .record(Duration.ofMillis(15));
        registry.gauge("kestra.worker.job.pending", Tags.empty(), pending);
        registry.gauge("kestra.worker.job.running", Tags.empty(), running);
        registry.gauge("kestra.worker.job.thread", Tags.empty(), threads);
    }
}
