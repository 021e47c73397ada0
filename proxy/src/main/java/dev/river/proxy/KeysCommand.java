package dev.river.proxy;

import java.io.IOException;
import java.nio.file.Path;

import dev.river.component.zeromq.CurveKeys;

/**
 * {@code ./river keys NAME [DIR]}: writes a new CURVE key pair for a broker, worker or client as NAME.key (secret,
 * owner-only) and NAME.pub (public) in DIR (default: the current directory), in the ZeroMQ certificate format. The
 * .pub files of workers go into the broker's river.proxy.curve.authorized-workers directory.
 */
public final class KeysCommand {

    private KeysCommand() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
            System.err.println("usage: ./river keys NAME [DIR]   writes DIR/NAME.key (secret) and DIR/NAME.pub (public)");
            System.exit(2);
            return;
        }
        Path dir = Path.of(args.length == 2 ? args[1] : ".");
        try {
            String pub = CurveKeys.writeKeyPair(dir, args[0]);
            System.out.println("secret key: " + dir.resolve(args[0] + ".key") + " (keep it on this host only)");
            System.out.println("public key: " + dir.resolve(args[0] + ".pub") + " " + pub);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("river keys: " + e.getMessage());
            System.exit(1);
        }
    }
}
