package io.kestrastack.benchmarks;

import io.kestrastack.Stack;
import io.kestrastack.bundle.StackBundle;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Validation, bundle rendering, both together, and the floor: snakeyaml-engine dumping the YAML trees of the
 * same bundle and nothing else. Each is measured per call ({@link Mode#SampleTime}), so medians and
 * percentiles are real.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BundleBenchmarks {

    /** {@code Stack.Builder.build()}: every check of the stack and its parts, on a prepared builder. */
    @Benchmark
    public Stack validate(StackState state) {
        return state.fixture().builder().build();
    }

    /**
     * {@code StackBundle.of(stack)} on a built stack: Compose, {@code .env}, the Kestra configuration, the
     * edge's files and the day-2 files.
     */
    @Benchmark
    public StackBundle render(StackState state) {
        return StackBundle.of(state.fixture().stack());
    }

    /** Validation then rendering: what a program does with a described stack. */
    @Benchmark
    public StackBundle validateAndRender(StackState state) {
        return StackBundle.of(state.fixture().builder().build());
    }

    /** The floor: snakeyaml-engine dumping the same YAML trees the bundle render dumps, prebuilt. */
    @Benchmark
    public List<String> yamlFloor(StackState state) {
        return Fixture.dumpAll(state.fixture().yamlTrees());
    }
}
