package dev.river.serve;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

import dev.river.component.zeromq.ZeroMQConstants;
import dev.river.component.zeromq.ZeroMQEndpoint;
import dev.river.component.zeromq.protocol.RiverProtocol;

/**
 * {@code ./river detect IMAGE...}: sends encoded images through the broker with the zeromq: client
 * producer and prints one JSON document per image, so a user can check a deployment (broker, workers,
 * model) end to end without a camera.
 */
public final class DetectCommand {

    static final int EXIT_OK = 0;
    static final int EXIT_USAGE = 2;
    static final int EXIT_NO_ANSWER = 3;
    static final int EXIT_FAILED = 4;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long to wait for the broker's PONG before saying it is unreachable. */
    private static final long PING_TIMEOUT_MS = 2_000;
    /** Extra time after the deadline for the broker's EXPIRED / NO_WORKER answer to arrive. */
    private static final long REPLY_GRACE_MS = 2_000;

    private String broker = "tcp://127.0.0.1:5555";
    private String model = "blazeface";
    private long timeoutMs = 10_000;
    private String curveServerKey;
    private String curveSecretKey;
    private final List<Path> images = new ArrayList<>();

    private DetectCommand() {
    }

    public static void main(String[] args) {
        // stdout carries the JSON documents: log warnings only, to stderr (before the first logger exists)
        System.setProperty("log4j2.configurationFile", "log4j2-cli.properties");
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command and returns the process exit code (tests call this directly). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        DetectCommand command = new DetectCommand();
        String problem = command.parse(args);
        if (problem != null) {
            err.println("river detect: " + problem);
            err.println("usage: ./river detect [--broker tcp://HOST:PORT] [--model NAME] [--timeout-ms MS]"
                        + " [--curve-server-key KEY --curve-secret-key KEY] IMAGE...");
            return EXIT_USAGE;
        }
        try {
            return command.detectAll(out, err);
        } catch (Exception e) {
            err.println("river detect: " + e.getMessage());
            return EXIT_FAILED;
        }
    }

    private String parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            } else if (arg.startsWith("--")) {
                if (i + 1 >= args.length) {
                    return "option " + arg + " needs a value";
                }
                value = args[++i];
            }
            switch (arg) {
                case "--broker" -> broker = value;
                case "--model" -> model = value;
                case "--curve-server-key" -> curveServerKey = value;
                case "--curve-secret-key" -> curveSecretKey = value;
                case "--timeout-ms" -> {
                    try {
                        timeoutMs = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        return "--timeout-ms must be a number of milliseconds, got '" + value + "'";
                    }
                    if (timeoutMs <= 0) {
                        return "--timeout-ms must be positive";
                    }
                }
                default -> {
                    if (arg.startsWith("--")) {
                        return "unknown option " + arg;
                    }
                    images.add(Path.of(arg));
                }
            }
        }
        if (images.isEmpty()) {
            return "no image given";
        }
        if ((curveServerKey == null) != (curveSecretKey == null)) {
            return "--curve-server-key (the broker's public key) and --curve-secret-key (yours) go together";
        }
        for (Path image : images) {
            if (!Files.isReadable(image)) {
                return "cannot read " + image;
            }
        }
        return null;
    }

    private int detectAll(PrintStream out, PrintStream err) throws Exception {
        String uri = "zeromq:" + broker + "?socketType=DEALER&protocol=client&throwOnErrorStatus=false"
                     + "&requestTimeout=" + (timeoutMs + REPLY_GRACE_MS);
        int exit = EXIT_OK;
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            ZeroMQEndpoint endpoint = context.getEndpoint(uri, ZeroMQEndpoint.class);
            new BrokerCurveKeys(curveServerKey, curveSecretKey).applyTo(endpoint);
            if (!endpoint.ping(Math.max(PING_TIMEOUT_MS, timeoutMs))) {
                err.println("river detect: no answer from the broker at " + broker + " within "
                            + Math.max(PING_TIMEOUT_MS, timeoutMs)
                            + " ms; is river-proxy running (./river run or ./river proxy)?");
                return EXIT_NO_ANSWER;
            }
            ProducerTemplate template = context.createProducerTemplate();
            for (Path image : images) {
                int result = detect(template, uri, image, out, err);
                exit = Math.max(exit, result);
                if (result == EXIT_NO_ANSWER) {
                    break;
                }
            }
        }
        return exit;
    }

    private int detect(ProducerTemplate template, String uri, Path image, PrintStream out, PrintStream err)
            throws IOException {
        byte[] bytes = Files.readAllBytes(image);
        Exchange reply = template.request(uri, exchange -> {
            exchange.getIn().setBody(bytes);
            exchange.getIn().setHeader(ZeroMQConstants.MODEL, model);
            exchange.getIn().setHeader(ZeroMQConstants.DEADLINE, System.currentTimeMillis() + timeoutMs);
            exchange.getIn().setHeader(ZeroMQConstants.METADATA, "{\"format\":\"image\"}");
        });
        Exception failure = reply.getException();
        if (failure instanceof ExchangeTimedOutException) {
            err.println("river detect: the broker at " + broker + " stopped answering (no reply within "
                        + (timeoutMs + REPLY_GRACE_MS) + " ms)");
            return EXIT_NO_ANSWER;
        }
        if (failure != null) {
            err.println("river detect: " + image + ": " + failure.getMessage());
            return EXIT_FAILED;
        }
        String status = reply.getMessage().getHeader(ZeroMQConstants.STATUS, String.class);
        ObjectNode document = JSON.createObjectNode();
        document.put("image", image.toString());
        document.put("status", status);
        if (RiverProtocol.STATUS_OK.equals(status)) {
            byte[] payload = reply.getMessage().getBody(byte[].class);
            document.setAll((ObjectNode) JSON.readTree(payload));
            out.println(JSON.writeValueAsString(document));
            return EXIT_OK;
        }
        String error = errorOf(reply.getMessage().getHeader(ZeroMQConstants.METADATA, String.class));
        document.put("error", error);
        out.println(JSON.writeValueAsString(document));
        if (RiverProtocol.STATUS_NO_WORKER.equals(status) || RiverProtocol.STATUS_EXPIRED.equals(status)) {
            err.println("river detect: no worker answered for model '" + model + "' within " + timeoutMs
                        + " ms (" + status + "); is a worker running (./river worker)?");
            return EXIT_NO_ANSWER;
        }
        err.println("river detect: " + image + ": " + status + ": " + error);
        return EXIT_FAILED;
    }

    private static String errorOf(String metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return "";
        }
        try {
            return JSON.readTree(metadata).path("error").asText("");
        } catch (IOException e) {
            return metadata;
        }
    }
}
