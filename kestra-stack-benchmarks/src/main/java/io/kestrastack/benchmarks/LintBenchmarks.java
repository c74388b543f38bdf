package io.kestrastack.benchmarks;

import io.kestrastack.lint.Finding;
import io.kestrastack.lint.StackLint;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Lint of one rendered bundle, read from memory ({@link StackLint#lint(java.util.Map)}), and its floor:
 * snakeyaml-engine parsing the YAML documents lint reads, and nothing else.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LintBenchmarks {

    /** Every file of the bundle, relative path to content, linted together. */
    @Benchmark
    public List<Finding> lint(StackState state) {
        return StackLint.lint(state.fixture().files());
    }

    /** The floor: snakeyaml-engine composing the Compose file and the Kestra configuration into nodes. */
    @Benchmark
    public List<Node> yamlParseFloor(StackState state) {
        return Fixture.composeAll(state.fixture().lintYamlTexts());
    }
}
