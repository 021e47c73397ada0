package dev.river.serve.media;

import java.io.PrintStream;
import java.net.BindException;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code ./river rtp-probe --port P --seconds S}: like ffprobe for a live RTP/H264 feed. Listens on 127.0.0.1:P,
 * reassembles and decodes like the pipeline and prints one JSON document of counters; exits non-zero with a clear
 * message when no RTP packet arrives.
 */
public final class RtpProbeCommand {

    static final String USAGE = """
            usage: ./river rtp-probe --port P [--seconds S] [--host 127.0.0.1] [--payload-type PT] [--sprop SPROP]
              --port P          UDP port to listen on for RTP/H264 (e.g. ffmpeg ... -f rtp rtp://127.0.0.1:P)
              --seconds S       how long to listen (default 10)
              --host H          address to bind (default 127.0.0.1)
              --payload-type PT only count this RTP payload type (default: any)
              --sprop SPROP     sprop-parameter-sets from the sender's SDP, for streams without in-band SPS/PPS
            """;

    private RtpProbeCommand() {
    }

    public static void main(String[] args) {
        // stdout carries the JSON documents: log warnings only, to stderr (before the first logger exists)
        System.setProperty("log4j2.configurationFile", "log4j2-cli.properties");
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, () -> {
        });
    }

    /** @param listening called once the port is bound (tests send only then) */
    static int run(String[] args, PrintStream out, PrintStream err, Runnable listening) {
        Integer port = null;
        double seconds = 10;
        String host = "127.0.0.1";
        int payloadType = -1;
        String sprop = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                if (name.equals("--help") || name.equals("-h")) {
                    out.print(USAGE);
                    return 0;
                }
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    value = args[++i];
                }
                switch (name) {
                    case "--port" -> port = Integer.parseInt(value);
                    case "--seconds" -> seconds = Double.parseDouble(value);
                    case "--host" -> host = value;
                    case "--payload-type" -> payloadType = Integer.parseInt(value);
                    case "--sprop" -> sprop = value;
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (port == null || port < 1 || port > 65535) {
                throw new IllegalArgumentException("--port 1-65535 is required");
            }
            if (seconds <= 0) {
                throw new IllegalArgumentException("--seconds must be positive");
            }
        } catch (IllegalArgumentException e) {
            err.println("rtp-probe: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }

        try (RtpProbe probe = new RtpProbe(host, port, payloadType, sprop)) {
            try {
                probe.start();
            } catch (Exception e) {
                Throwable cause = e;
                while (cause.getCause() != null && !(cause instanceof BindException)) {
                    cause = cause.getCause();
                }
                err.println("rtp-probe: cannot listen on udp://" + host + ":" + port + ": " + cause.getMessage());
                return 2;
            }
            listening.run();
            Thread.sleep((long) (seconds * 1000));
            Map<String, Object> report = probe.report();
            if (probe.packets() == 0) {
                err.println("rtp-probe: no RTP packets arrived on udp://" + host + ":" + port + " in " + seconds
                            + " s (" + report.get("malformedPackets") + " malformed datagrams, "
                            + report.get("otherPayloadTypes") + " of other payload types). Is the sender pointed at"
                            + " this address, e.g. ffmpeg -re -i in.mp4 -c:v copy -f rtp rtp://" + host + ":" + port
                            + " ?");
                return 1;
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (Exception e) {
            err.println("rtp-probe: " + e);
            return 2;
        }
    }
}
