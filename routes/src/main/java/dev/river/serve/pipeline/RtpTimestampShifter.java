package dev.river.serve.pipeline;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The rtp: egress rewrite: adds the fixed outgoing timestamp offset to each released packet's RTP timestamp (in
 * place: the packet is released, nothing else holds it) and, when set, replaces its SSRC. The webrtc: producer does
 * the same for WebRTC sessions itself. Results carry the shifted timestamp, so a viewer can match them.
 */
public class RtpTimestampShifter implements Processor {

    private long offset;
    private long ssrc = -1;

    @Override
    public void process(Exchange exchange) {
        byte[] p = exchange.getIn().getBody(byte[].class);
        if (p == null || p.length < 12) {
            return;
        }
        if (offset != 0) {
            long ts = ((p[4] & 0xFFL) << 24 | (p[5] & 0xFFL) << 16 | (p[6] & 0xFFL) << 8 | (p[7] & 0xFFL)) + offset;
            p[4] = (byte) (ts >>> 24);
            p[5] = (byte) (ts >>> 16);
            p[6] = (byte) (ts >>> 8);
            p[7] = (byte) ts;
        }
        if (ssrc >= 0) {
            p[8] = (byte) (ssrc >>> 24);
            p[9] = (byte) (ssrc >>> 16);
            p[10] = (byte) (ssrc >>> 8);
            p[11] = (byte) ssrc;
        }
    }

    public void setOffset(long offset) {
        this.offset = offset;
    }

    /** The SSRC of outgoing rtp: packets; -1 keeps the sender's. */
    public void setSsrc(long ssrc) {
        this.ssrc = ssrc;
    }
}
