/**
 * JMH benchmarks for kestra-stack: validation ({@code Stack.Builder.build()}), bundle rendering
 * ({@code StackBundle.of}), lint of a bundle in memory, and the floor they are measured against
 * (snakeyaml-engine dumping the same YAML trees). {@link io.kestrastack.benchmarks.Suite} runs them all,
 * times {@code generate} from a cold JVM, checks the runtime footprint and prints one table.
 */
@NullMarked
package io.kestrastack.benchmarks;

import org.jspecify.annotations.NullMarked;
