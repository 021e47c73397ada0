package dev.river.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import org.apache.camel.main.Main;

import dev.river.main.ServiceSettings;

/**
 * river-onnx-worker: a Camel Main application serving one ONNX model to a RIVER/1 broker.
 *
 * <pre>java -jar onnx-worker/target/river-onnx-worker.jar [--river.worker.slots=2 ...]</pre>
 *
 * Settings come from application.properties, environment variables (RIVER_WORKER_SLOTS) and
 * {@code --key=value} options (highest precedence). They are validated before Camel starts; an invalid
 * setting prints one line naming the property and exits with status 2.
 */
public final class WorkerApplication {

    static final String NAME = "river-onnx-worker";

    /** Exit status for invalid configuration. */
    public static final int EXIT_CONFIG = 2;

    private WorkerApplication() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        parseArgs(args, overrides, rest);
        Properties given = new Properties();
        given.putAll(overrides);
        if (!ServiceSettings.validate(NAME, WorkerSettings.VALIDATOR, given, System.err)) {
            System.exit(EXIT_CONFIG);
            return;
        }
        WorkerSettings settings;
        try {
            settings = validate(overrides, System::getenv, System.err);
        } catch (WorkerConfigException e) {
            System.exit(EXIT_CONFIG);
            return;
        }
        // the zeromq: endpoint announces the name: fix the derived default (worker-<pid>) for it
        overrides.put(WorkerSettings.NAME, settings.workerName());
        Main main = new Main();
        main.configure().addConfiguration(WorkerConfiguration.class);
        // the same precedence Camel will apply as validate() used: options > environment > system properties > file
        Properties options = new Properties();
        options.putAll(overrides);
        ServiceSettings.apply(main, List.of(WorkerSettings.KEYS), options);
        int code = main.run(rest.toArray(new String[0]));
        System.exit(code);
    }

    /**
     * Splits {@code --key=value} options into overrides; anything else is left for Camel Main.
     */
    static void parseArgs(String[] args, Map<String, String> overrides, List<String> rest) {
        for (String a : args) {
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 2) {
                overrides.put(a.substring(2, eq), a.substring(eq + 1));
            } else {
                rest.add(a);
            }
        }
    }

    /**
     * Resolves and validates the worker settings the way the running application will see them:
     * overrides, then environment variables, then system properties, then the classpath application.properties.
     * Prints one line to err and rethrows when a setting is invalid.
     */
    static WorkerSettings validate(Map<String, String> overrides, Function<String, String> env, PrintStream err) {
        try {
            return WorkerSettings.from(lookup(overrides, env));
        } catch (WorkerConfigException e) {
            err.println(NAME + ": " + e.getMessage());
            throw e;
        }
    }

    static Function<String, String> lookup(Map<String, String> overrides, Function<String, String> env) {
        Properties file = new Properties();
        try (InputStream in = WorkerApplication.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                file.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read application.properties", e);
        }
        return key -> {
            String v = overrides.get(key);
            if (v == null) {
                v = env.apply(WorkerSettings.environmentVariable(key));
            }
            if (v == null) {
                v = System.getProperty(key);
            }
            if (v == null) {
                v = file.getProperty(key);
            }
            return v;
        };
    }
}
