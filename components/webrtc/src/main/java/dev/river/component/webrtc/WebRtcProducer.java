package dev.river.component.webrtc;

import dev.river.component.webrtc.signalling.WhipWhepHandler;
import dev.river.component.webrtc.transport.RtpPackets;
import dev.river.component.webrtc.transport.WebRtcServer;
import dev.river.component.webrtc.transport.WebRtcSession;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/**
 * Sends RTP packets on a session's outgoing stream (operation=send), or serves WHIP/WHEP signalling, keyframe
 * requests and session ends for the routes that call it.
 */
public class WebRtcProducer extends DefaultProducer {

    private final WebRtcEndpoint endpoint;
    private WebRtcServer server;
    private WhipWhepHandler signalling;

    public WebRtcProducer(WebRtcEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        server = endpoint.getServer();
        signalling = new WhipWhepHandler(server, endpoint.getConfiguration().getAuthToken());
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        switch (endpoint.getConfiguration().getOperation()) {
            case whip -> signalling.whip(exchange);
            case whep -> signalling.whep(exchange);
            case requestKeyframe -> {
                WebRtcSession session = server.session(sessionId(message));
                message.setHeader(WebRtcConstants.SENT, session != null && server.requestKeyframe(session));
            }
            case endSession -> message.setHeader(WebRtcConstants.SENT,
                    server.endSession(sessionId(message), "ended by route"));
            case statistics -> {
                java.util.Map<String, Object> body = new java.util.LinkedHashMap<>(server.statistics().snapshot());
                body.put("sessions", server.sessions().size());
                message.setBody(body);
            }
            default -> send(message);
        }
    }

    private void send(Message message) {
        byte[] packet = message.getBody(byte[].class);
        byte[] sent = server.send(sessionId(message), packet);
        message.setHeader(WebRtcConstants.SENT, sent != null);
        if (sent != null) {
            message.setHeader(WebRtcConstants.SENT_SEQUENCE_NUMBER, RtpPackets.sequenceNumber(sent, 0));
            message.setHeader(WebRtcConstants.SENT_TIMESTAMP, RtpPackets.timestamp(sent, 0));
        }
    }

    private static String sessionId(Message message) {
        String id = message.getHeader(WebRtcConstants.SESSION_ID, String.class);
        return id != null ? id : message.getHeader(WebRtcConstants.STREAM_ID, String.class);
    }
}
