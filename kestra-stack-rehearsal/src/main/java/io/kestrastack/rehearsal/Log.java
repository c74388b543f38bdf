package io.kestrastack.rehearsal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The rehearsal's report: each step with its measurement, printed as it happens and kept for tests. */
public final class Log {

    private final PrintStream out;
    private final String prefix;
    private final long start = System.nanoTime();
    private final List<String> lines = new ArrayList<>();

    /**
     * Creates a log printing to {@code out}.
     *
     * @param out where lines go
     */
    public Log(PrintStream out) {
        this(out, "");
    }

    /**
     * Creates a log whose printed lines start with {@code name} (for rehearsals that run side by side).
     *
     * @param out where lines go
     * @param name the prefix
     */
    public Log(PrintStream out, String name) {
        this.out = out;
        this.prefix = name.isEmpty() ? "" : name + " ";
    }

    /** Reports a passed step. */
    public synchronized void pass(String step) {
        line("ok    " + step);
    }

    /** Reports a note (a choice or deviation the reader must know about). */
    public synchronized void note(String text) {
        line("note  " + text);
    }

    /** Reports a failed step. */
    public synchronized void fail(String text) {
        line("FAIL  " + text);
    }

    private void line(String text) {
        String l = String.format("[%6.1fs] %s", (System.nanoTime() - start) / 1e9, text);
        lines.add(l);
        out.println(prefix + l);
        out.flush();
    }

    /** Every line so far. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
