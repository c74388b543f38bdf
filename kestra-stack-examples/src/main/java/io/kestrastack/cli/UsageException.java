package io.kestrastack.cli;

/** A command line that cannot be understood; exit code 2. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
