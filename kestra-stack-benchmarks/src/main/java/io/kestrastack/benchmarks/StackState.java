package io.kestrastack.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The benchmark state: one {@link Fixture}, for the stack named by the {@code stack} parameter. */
@State(Scope.Benchmark)
public class StackState {

    /** Which stack: {@value Stacks#MINIMAL} or {@value Stacks#FULL}. */
    @Param({Stacks.MINIMAL, Stacks.FULL})
    public String stack = Stacks.MINIMAL;

    private Fixture fixture = Fixture.of(Stacks.MINIMAL);

    /** Prepares the fixture once per trial, outside the measured code. */
    @Setup(Level.Trial)
    public void prepare() {
        fixture = Fixture.of(stack);
    }

    /** The prepared fixture. */
    public Fixture fixture() {
        return fixture;
    }
}
