package io.kestrastack.rehearsal;

/** A program the rehearsal needs is not installed; the message names the Debian package that provides it. */
public final class MissingProgram extends RehearsalFailure {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param program the missing program
     * @param debianPackage the package to install
     */
    public MissingProgram(String program, String debianPackage) {
        super(program + " is not installed: install the Debian package " + debianPackage
                + " (apt-get install " + debianPackage + ", or run .ci/install-tools)");
    }
}
