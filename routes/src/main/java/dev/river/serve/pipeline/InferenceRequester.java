package dev.river.serve.pipeline;

import dev.river.component.rtp.RtpConstants;
import dev.river.component.zeromq.ZeroMQConstants;
import dev.river.serve.media.MediaHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Turns a decoded, letterboxed frame into a zeromq: client request: numbers the frame, computes its outgoing RTP
 * timestamp, sets the model, the absolute deadline (first packet arrival + N) and the letterbox metadata the worker
 * needs to answer in frame pixels. Bounds the requests a session has in flight: above {@code maxInFlight} the frame
 * is marked {@code skipped} (header RiverServeShed) instead, so overload sheds inference, never video.
 */
public class InferenceRequester {

    private final SessionRegistry sessions;
    private int maxInFlight = 30;

    public InferenceRequester(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    public void prepare(Exchange exchange) {
        Message in = exchange.getIn();
        ServeSession session = sessions.get(in.getHeader(RtpConstants.STREAM_ID, String.class));
        if (session == null) {
            exchange.setRouteStop(true);
            return;
        }
        long timestamp = in.getHeader(RtpConstants.TIMESTAMP, 0L, Long.class);
        in.setHeader(ServeHeaders.FRAME_INDEX, session.nextFrameIndex());
        in.setHeader(ServeHeaders.OUTGOING_TIMESTAMP, session.outgoingTimestamp(timestamp));
        in.setHeader(ServeHeaders.DELAY_MILLIS, session.delayMillis());
        Long firstArrival = in.getHeader(MediaHeaders.FIRST_ARRIVAL_MILLIS, Long.class);
        long arrival = firstArrival != null ? firstArrival : System.currentTimeMillis();
        in.setHeader(MediaHeaders.FIRST_ARRIVAL_MILLIS, arrival);
        if (!session.tryAcquire(maxInFlight)) {
            in.setHeader(ServeHeaders.SHED, FrameStatus.skipped.name());
            return;
        }
        in.setHeader(ZeroMQConstants.MODEL, session.model());
        in.setHeader(ZeroMQConstants.DEADLINE, arrival + session.delayMillis());
        in.setHeader(ZeroMQConstants.METADATA, metadata(in));
        in.setHeader(ServeHeaders.SENT_NANOS, System.nanoTime());
    }

    private static String metadata(Message in) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"format\":\"rgb24\",\"width\":").append(in.getHeader(MediaHeaders.WIDTH, Integer.class))
                .append(",\"height\":").append(in.getHeader(MediaHeaders.HEIGHT, Integer.class))
                .append(",\"sourceWidth\":").append(in.getHeader(MediaHeaders.SOURCE_WIDTH, Integer.class))
                .append(",\"sourceHeight\":").append(in.getHeader(MediaHeaders.SOURCE_HEIGHT, Integer.class))
                .append(",\"scale\":").append(in.getHeader(MediaHeaders.SCALE, Double.class))
                .append(",\"padX\":").append(in.getHeader(MediaHeaders.PAD_X, Integer.class))
                .append(",\"padY\":").append(in.getHeader(MediaHeaders.PAD_Y, Integer.class)).append('}');
        return sb.toString();
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    /** Inference requests one session may have in flight; more frames are skipped. */
    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }
}
