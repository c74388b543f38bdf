package io.kestrastack.rehearsal;

/** An assertion of the rehearsal that does not hold; the message names it. */
public class RehearsalFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param message what failed, with the evidence
     */
    public RehearsalFailure(String message) {
        super(message);
    }
}
