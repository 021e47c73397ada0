package dev.river.serve.observe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.river.component.rtp.RtpConsumer;
import dev.river.component.webrtc.WebRtcComponent;
import dev.river.component.webrtc.transport.WebRtcServer;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Liveness and readiness: river-serve's listening sockets are bound: the HTTP port accepts a TCP connection, the
 * webrtc: server's UDP socket and the rtp: consumer's UDP socket are open.
 */
public final class PortsHealthCheck extends AbstractHealthCheck {

    public static final String ID = "river-ports";
    private final String httpHost;
    private final int httpPort;
    private final String webrtcServerName;
    private final String rtpRouteId;

    public PortsHealthCheck(String bind, int httpPort, String webrtcServerName, String rtpRouteId) {
        super("river", ID);
        this.httpHost = bind == null || bind.isBlank() || "0.0.0.0".equals(bind) || "::".equals(bind) ? "127.0.0.1" : bind;
        this.httpPort = httpPort;
        this.webrtcServerName = webrtcServerName;
        this.rtpRouteId = rtpRouteId;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> unbound = new ArrayList<>();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(httpHost, httpPort), 1000);
        } catch (IOException e) {
            unbound.add("HTTP " + httpHost + ":" + httpPort + " (" + e.getMessage() + ")");
        }
        WebRtcComponent webrtc = getCamelContext().getComponent("webrtc", false) instanceof WebRtcComponent c ? c : null;
        WebRtcServer server = webrtc == null ? null : webrtc.getServer(webrtcServerName);
        try {
            if (server == null || server.localPort() <= 0) {
                unbound.add("WebRTC UDP (river.serve.webrtc.port)");
            } else {
                builder.detail("webrtcPort", server.localPort());
            }
        } catch (IOException | RuntimeException e) {
            unbound.add("WebRTC UDP (" + e.getMessage() + ")");
        }
        Route route = getCamelContext().getRoute(rtpRouteId);
        try {
            InetSocketAddress rtp = route != null && route.getConsumer() instanceof RtpConsumer c ? c.getLocalAddress() : null;
            if (rtp == null) {
                unbound.add("RTP UDP (river.serve.rtp.port)");
            } else {
                builder.detail("rtpPort", rtp.getPort());
            }
        } catch (IOException e) {
            unbound.add("RTP UDP (" + e.getMessage() + ")");
        }
        builder.detail("httpPort", httpPort);
        if (unbound.isEmpty()) {
            builder.up();
        } else {
            builder.message("not bound: " + String.join(", ", unbound)).down();
        }
    }
}
