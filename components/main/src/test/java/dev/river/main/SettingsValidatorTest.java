package dev.river.main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SettingsValidatorTest {

    private static final SettingsValidator VALIDATOR = SettingsValidator.forPrefix("river.serve.")
            .rule("river.serve.delay-ms", SettingRule.positive())
            .rule("river.serve.max-delay-ms", SettingRule.positive())
            .relation(s -> {
                if (Long.parseLong(s.apply("river.serve.delay-ms")) > Long.parseLong(s.apply("river.serve.max-delay-ms"))) {
                    throw new InvalidSettingException("river.serve.delay-ms", s.apply("river.serve.delay-ms"),
                            "expected at most river.serve.max-delay-ms");
                }
            });

    private static Properties packaged() {
        Properties p = new Properties();
        p.setProperty("river.serve.delay-ms", "3000");
        p.setProperty("river.serve.max-delay-ms", "10000");
        p.setProperty("river.serve.http-port", "8080");
        p.setProperty("camel.main.shutdown-timeout", "5");
        return p;
    }

    private static Properties options(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static String problem(Properties options, Map<String, String> env) {
        return assertThrows(InvalidSettingException.class,
                () -> VALIDATOR.checkStartup(packaged(), options, env, new Properties())).getMessage();
    }

    @Test
    void theDefaultsAreValid() {
        VALIDATOR.checkStartup(packaged(), options(), Map.of("RIVER_PROXY_ANYTHING", "x"), new Properties());
    }

    @Test
    void aTypoOnTheCommandLineIsUnknownWithTheNearestKeySuggested() {
        assertEquals("unknown setting river.serve.delay-m; did you mean river.serve.delay-ms?",
                problem(options("river.serve.delay-m", "100"), Map.of()));
        assertEquals("unknown setting river.proxy.frontend (not a setting of this service; its settings start with"
                     + " river.serve.)", problem(options("river.proxy.frontend", "tcp://127.0.0.1:1"), Map.of()));
    }

    @Test
    void aTypoInTheEnvironmentIsUnknownToo() {
        assertEquals("unknown environment variable RIVER_SERVE_HTTP_PROT; did you mean RIVER_SERVE_HTTP_PORT?",
                problem(options(), Map.of("RIVER_SERVE_HTTP_PROT", "1")));
    }

    @Test
    void theEffectiveValueIsCheckedWhereverItComesFrom() {
        assertEquals("invalid setting river.serve.http-port='70000': expected a port number from 0 to 65535",
                problem(options(), Map.of("RIVER_SERVE_HTTP_PORT", "70000")));
        assertEquals("invalid setting camel.main.shutdown-timeout='soon': expected a whole number of at least 0",
                problem(options(), Map.of("CAMEL_MAIN_SHUTDOWN_TIMEOUT", "soon")));
        // the option beats the bad environment variable
        VALIDATOR.checkStartup(packaged(), options("river.serve.http-port", "80"),
                Map.of("RIVER_SERVE_HTTP_PORT", "0"), new Properties());
        assertEquals("invalid setting river.serve.delay-ms='0': expected a whole number from 1 to 2147483647",
                problem(options("river.serve.delay-ms", "0"), Map.of()));
    }

    @Test
    void relationsRunOnceEverySettingIsValid() {
        assertEquals("invalid setting river.serve.delay-ms='20000': expected at most river.serve.max-delay-ms",
                problem(options("river.serve.delay-ms", "20000"), Map.of()));
    }

    @Test
    void aServicePrintsOneLineAndRefusesToStart() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        boolean ok = ServiceSettings.validate("river-serve", VALIDATOR, options("river.serve.delay-ms", "x"), Map.of(),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertFalse(ok);
        assertEquals("river-serve: invalid setting river.serve.delay-ms='x': expected a whole number from 1 to 2147483647\n",
                err.toString(StandardCharsets.UTF_8));
    }
}
