package io.kestrastack.rehearsal;

import java.nio.file.Path;

/**
 * {@code java -jar kestra-stack-rehearsal.jar [--time-scale X] [--keep] DIR}: rehearses the bundle in DIR.
 * Exit 0 when every assertion holds, 1 naming the first that fails, 2 when a program it needs is missing
 * (naming the Debian package) or on a usage error. Needs root (network and mount namespaces).
 */
public final class Main {

    private Main() {}

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The command line without exiting; returns the exit code. */
    public static int run(String[] args) {
        double scale = Rehearsal.DEFAULT_TIME_SCALE;
        boolean keep = false;
        String dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--time-scale" -> scale = Double.parseDouble(args[++i]);
                case "--keep" -> keep = true;
                case "--help", "-h" -> {
                    System.out.println("Usage: java -jar kestra-stack-rehearsal.jar [--time-scale X] [--keep] DIR");
                    return 0;
                }
                default -> dir = args[i];
            }
        }
        if (dir == null) {
            System.err.println("Usage: java -jar kestra-stack-rehearsal.jar [--time-scale X] [--keep] DIR");
            return 2;
        }
        Log log = new Log(System.out);
        try {
            new Rehearsal(Path.of(dir), log, scale, keep).run();
            log.pass("rehearsal of " + dir + ": every assertion holds");
            return 0;
        } catch (MissingProgram e) {
            log.fail(e.getMessage());
            return 2;
        } catch (RehearsalFailure e) {
            log.fail(e.getMessage());
            return 1;
        }
    }
}
