package io.kestrastack.cli;

/** Test access to the package-private starting file of {@code init}. */
public final class StarterAccess {

    private StarterAccess() {}

    /** The text {@code kestra-stack init} writes. */
    public static String starter() {
        return Init.starter();
    }
}
