package dev.river.component.webrtc;

import dev.river.component.webrtc.transport.RtpPackets;
import dev.river.component.webrtc.transport.WebRtcServer;
import dev.river.component.webrtc.transport.WebRtcSession;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * Emits one exchange per RTP packet received from any publisher session of the server, in the rtp: consumer's shape
 * (body: the decrypted RTP packet as byte[]) plus the session id, on the server's receive thread so packet order is
 * kept. Optionally emits session events. A processor that sets CamelRtpKeyframeRequest gets a PLI sent.
 */
public class WebRtcConsumer extends DefaultConsumer implements WebRtcServer.Listener {

    private final WebRtcEndpoint endpoint;
    private WebRtcServer server;

    public WebRtcConsumer(WebRtcEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        server = endpoint.getServer();
        server.addListener(this);
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.removeListener(this);
            server = null;
        }
        super.doStop();
    }

    @Override
    public void onRtp(WebRtcSession session, byte[] packet, long arrivalNanos) {
        if (!isRunAllowed()) {
            return;
        }
        Exchange exchange = createExchange(false);
        try {
            Message message = exchange.getIn();
            message.setBody(packet);
            message.setHeader(WebRtcConstants.SSRC, RtpPackets.ssrc(packet, 0));
            message.setHeader(WebRtcConstants.SEQUENCE_NUMBER, RtpPackets.sequenceNumber(packet, 0));
            long timestamp = RtpPackets.timestamp(packet, 0);
            message.setHeader(WebRtcConstants.TIMESTAMP, timestamp);
            message.setHeader(WebRtcConstants.MARKER, RtpPackets.marker(packet, 0));
            message.setHeader(WebRtcConstants.PAYLOAD_TYPE, RtpPackets.payloadType(packet, 0));
            message.setHeader(WebRtcConstants.CLOCK_RATE, 90_000);
            message.setHeader(WebRtcConstants.ARRIVAL_NANOS, arrivalNanos);
            message.setHeader(WebRtcConstants.ARRIVAL_MILLIS, System.currentTimeMillis());
            message.setHeader(WebRtcConstants.STREAM_ID, session.id());
            message.setHeader(WebRtcConstants.REMOTE_ADDRESS, String.valueOf(session.remote()));
            message.setHeader(WebRtcConstants.SESSION_ID, session.id());
            message.setHeader(WebRtcConstants.OUTGOING_TIMESTAMP, session.outbound().outgoingTimestamp(timestamp));
            getProcessor().process(exchange);
            if (endpoint.getConfiguration().isSendPli()
                && exchange.getMessage().getHeader(WebRtcConstants.KEYFRAME_REQUEST, false, Boolean.class)) {
                server.requestKeyframe(session);
            }
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Error processing WebRTC RTP packet", exchange,
                    exchange.getException());
        }
        releaseExchange(exchange, false);
    }

    @Override
    public void onSessionEvent(WebRtcSession session, String event, String reason) {
        if (!endpoint.getConfiguration().isSessionEvents() || !isRunAllowed()) {
            return;
        }
        Exchange exchange = createExchange(false);
        try {
            Message message = exchange.getIn();
            message.setHeader(WebRtcConstants.EVENT_TYPE, event);
            message.setHeader(WebRtcConstants.SESSION_ID, session.id());
            message.setHeader(WebRtcConstants.STREAM_ID, session.id());
            message.setHeader(WebRtcConstants.SESSION_KIND, session.kind().name().toLowerCase(java.util.Locale.ROOT));
            if (reason != null) {
                message.setHeader(WebRtcConstants.EVENT_REASON, reason);
            }
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Error processing WebRTC session event", exchange,
                    exchange.getException());
        }
        releaseExchange(exchange, false);
    }
}
