package dev.river.main;

import java.util.Properties;

import org.apache.camel.main.Main;

/**
 * Turns a service's start and run into the process exit status: unreadable options or an invalid setting are one
 * line on stderr and status 2 before Camel starts; a start-up failure is one line naming the root cause (status 1),
 * never a stack trace as the last word.
 */
public final class ServiceExit {

    private ServiceExit() {
    }

    /**
     * The {@code --key=value} options of {@code args}, validated; null after printing {@code usage} for --help.
     * Exits with status 2 (one line on stderr) when an option is unreadable or a setting invalid.
     */
    public static Properties options(String service, String[] args, String usage, SettingsValidator validator) {
        Properties options;
        try {
            options = ServiceSettings.parseArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println(service + ": " + e.getMessage());
            System.err.println(usage);
            System.exit(2);
            return null;
        }
        if (options == null) {
            System.out.println(usage);
            return null;
        }
        if (!ServiceSettings.validate(service, validator, options, System.err)) {
            System.exit(2);
            return null;
        }
        return options;
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
