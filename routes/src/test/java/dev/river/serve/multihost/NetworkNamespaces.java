package dev.river.serve.multihost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces made by the test, "a" and "b", joined by a veth pair with private 10.x addresses: two
 * "hosts" on one machine, so traffic between proxy and workers really crosses a network link and never touches the
 * machine's own interfaces. {@link #close()} deletes both (which also removes the veth pair).
 */
final class NetworkNamespaces implements AutoCloseable {

    final String a;
    final String b;
    final String addressA;
    final String addressB;
    private final List<String> created = new ArrayList<>();

    private NetworkNamespaces(String tag, int x, int y) {
        this.a = "river-" + tag + "-a";
        this.b = "river-" + tag + "-b";
        this.addressA = "10." + x + "." + y + ".1";
        this.addressB = "10." + x + "." + y + ".2";
    }

    /** Creates the namespaces and the link; null with the reason in {@code why[0]} when namespaces are not permitted. */
    static NetworkNamespaces create(String[] why) throws IOException, InterruptedException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String tag = Integer.toHexString(r.nextInt(0x100000, 0xFFFFFF));
        NetworkNamespaces ns = new NetworkNamespaces(tag, r.nextInt(100, 250), r.nextInt(1, 250));
        Result add = run("ip", "netns", "add", ns.a);
        if (add.code != 0) {
            why[0] = "'ip netns add' is not permitted here: " + add.output.strip();
            return null;
        }
        ns.created.add(ns.a);
        try {
            ns.must("ip", "netns", "add", ns.b);
            ns.created.add(ns.b);
            String va = "rv" + tag + "a";
            String vb = "rv" + tag + "b";
            ns.must("ip", "link", "add", va, "netns", ns.a, "type", "veth", "peer", "name", vb, "netns", ns.b);
            ns.must("ip", "-n", ns.a, "addr", "add", ns.addressA + "/30", "dev", va);
            ns.must("ip", "-n", ns.b, "addr", "add", ns.addressB + "/30", "dev", vb);
            for (String[] up : new String[][] {{ns.a, va}, {ns.b, vb}, {ns.a, "lo"}, {ns.b, "lo"}}) {
                ns.must("ip", "-n", up[0], "link", "set", up[1], "up");
            }
            return ns;
        } catch (IOException | InterruptedException | RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    /** {@code command} run inside namespace {@code ns}. */
    static List<String> in(String ns, List<String> command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(command);
        return c;
    }

    private void must(String... command) throws IOException, InterruptedException {
        Result r = run(command);
        if (r.code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + r.code + "): " + r.output);
        }
    }

    record Result(int code, String output) {
    }

    static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                run("ip", "netns", "delete", created.get(i));
            } catch (IOException | InterruptedException e) {
                System.err.println("could not delete network namespace " + created.get(i) + ": " + e);
            }
        }
        created.clear();
    }
}
