package dev.river.ops.hawtio;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Finds the Hawtio WAR: the configured file, else {@code lib/hawtio-default-*.war} next to river-hawtio.jar (or next
 * to target/classes when run from the build), where the build copies it.
 */
final class HawtioWar {

    private HawtioWar() {
    }

    static Path locate(String configured) throws InvalidSettingException {
        if (!configured.isEmpty()) {
            return Path.of(configured);
        }
        Path lib;
        try {
            Path code = Path.of(HawtioWar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            lib = code.getParent().resolve("lib");
        } catch (URISyntaxException | RuntimeException e) {
            throw new InvalidSettingException(HawtioSettings.WAR + ": cannot tell where river-hawtio.jar is; set it");
        }
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(p -> p.getFileName().toString().matches("hawtio-default-.*\\.war")).sorted()
                    .reduce((a, b) -> b)
                    .orElseThrow(() -> new IOException("none"));
        } catch (IOException e) {
            throw new InvalidSettingException(HawtioSettings.WAR + ": no hawtio-default-*.war in " + lib
                    + " (build with ./river build, or set it)");
        }
    }
}
