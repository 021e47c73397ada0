package dev.river.main;

import org.apache.camel.main.Main;

/**
 * Runs a service's Camel Main to its end and turns the outcome into the process exit status: a start-up failure is
 * one line on stderr naming the service and the root cause (status 1), never a stack trace as the last word.
 */
public final class ServiceExit {

    private ServiceExit() {
    }

    /** Runs {@code main} and exits the JVM when it ends with a failure or a non-zero exit code. */
    public static void run(String service, Main main) {
        try {
            main.run();
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            System.err.println(service + ": " + root.getMessage());
            System.exit(1);
            return;
        }
        int code = main.getExitCode();
        if (code != 0) {
            System.exit(code);
        }
    }
}
