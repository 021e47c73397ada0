package dev.river.serve.media;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.river.component.rtp.RtpConstants;
import dev.river.component.rtp.RtpPackets;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;

/**
 * The Camel face of H264 reassembly: takes RTP packet exchanges (from {@code rtp:} or {@code webrtc:}) and returns
 * the access units they complete, one {@link Message} each, for a splitter:
 *
 * <pre>
 * from("rtp:udp://127.0.0.1:5004")
 *     .split(method(reassembler, "accessUnits"))
 *         .process(decoder)...
 * </pre>
 *
 * Each access unit message has an Annex-B {@code byte[]} body and the headers {@code CamelRtpStreamId},
 * {@code CamelRtpSsrc}, {@code CamelRtpTimestamp}, {@code CamelRtpClockRate} and those of {@link MediaHeaders}.
 * Most packets complete nothing (an empty list). When reassembly asks for a keyframe, the packet exchange gets
 * {@code CamelRtpKeyframeRequest=true}, which the endpoint turns into an RTCP PLI. One
 * {@link H264StreamReassembler} per stream id, dropped after {@code streamIdleTimeoutMillis} without packets.
 */
public class H264Reassembler {

    private final H264ReassemblyCounters counters = new H264ReassemblyCounters();
    private final Map<String, H264StreamReassembler> streams = new HashMap<>();
    private final Map<String, String> spropByStream = new HashMap<>();
    private int reorderWindow = 32;
    private long maxReorderDelayMillis = 50;
    private long keyframeRequestIntervalMillis = 1000;
    private long streamIdleTimeoutMillis = 10_000;
    private String spropParameterSets;
    private long lastIdleCheckNanos = System.nanoTime();

    // the exchange being processed, for the listener that turns access units into messages
    private Exchange current;
    private String currentStreamId;
    private List<Message> completed;

    /**
     * Returns the access units completed by this RTP packet exchange (usually none). Never throws for bad input:
     * anything that is not an RTP packet is counted as malformed.
     */
    public synchronized List<Message> accessUnits(Exchange exchange) {
        Message in = exchange.getIn();
        byte[] packet = in.getBody(byte[].class);
        if (packet == null) {
            counters.malformed++;
            return Collections.emptyList();
        }
        String streamId = in.getHeader(RtpConstants.STREAM_ID, String.class);
        if (streamId == null) {
            streamId = packet.length >= 12 ? "ssrc-" + Long.toHexString(RtpPackets.ssrc(packet, 0)) : "";
        }
        Long arrival = in.getHeader(RtpConstants.ARRIVAL_NANOS, Long.class);
        long arrivalNanos = arrival != null ? arrival : System.nanoTime();
        H264StreamReassembler stream = streams.get(streamId);
        if (stream == null) {
            stream = newStream(streamId);
        }
        current = exchange;
        currentStreamId = streamId;
        completed = null;
        try {
            if (stream.push(packet, 0, packet.length, arrivalNanos)) {
                in.setHeader(RtpConstants.KEYFRAME_REQUEST, true);
            }
        } finally {
            current = null;
        }
        if (arrivalNanos - lastIdleCheckNanos > TimeUnit.SECONDS.toNanos(1)) {
            lastIdleCheckNanos = arrivalNanos;
            dropIdleStreams(arrivalNanos);
        }
        return completed == null ? Collections.emptyList() : completed;
    }

    private H264StreamReassembler newStream(String streamId) {
        final String id = streamId;
        H264StreamReassembler stream = new H264StreamReassembler(reorderWindow,
                TimeUnit.MILLISECONDS.toNanos(maxReorderDelayMillis),
                TimeUnit.MILLISECONDS.toNanos(keyframeRequestIntervalMillis), counters, au -> emit(id, au));
        stream.setSpropParameterSets(spropByStream.getOrDefault(streamId, spropParameterSets));
        streams.put(streamId, stream);
        return stream;
    }

    private void emit(String streamId, H264AccessUnit au) {
        Message packetMessage = current.getIn();
        Message message = new DefaultMessage(current.getContext());
        message.setBody(au.toByteArray());
        message.setHeader(RtpConstants.STREAM_ID, streamId);
        message.setHeader(RtpConstants.SSRC, au.ssrc());
        message.setHeader(RtpConstants.TIMESTAMP, au.timestamp());
        Object clockRate = packetMessage.getHeader(RtpConstants.CLOCK_RATE);
        message.setHeader(RtpConstants.CLOCK_RATE, clockRate != null ? clockRate : 90000);
        message.setHeader(MediaHeaders.KEYFRAME, au.keyframe());
        message.setHeader(MediaHeaders.FIRST_ARRIVAL_NANOS, au.firstArrivalNanos());
        message.setHeader(MediaHeaders.LAST_ARRIVAL_NANOS, au.lastArrivalNanos());
        Long packetMillis = packetMessage.getHeader(RtpConstants.ARRIVAL_MILLIS, Long.class);
        Long packetNanos = packetMessage.getHeader(RtpConstants.ARRIVAL_NANOS, Long.class);
        if (packetMillis != null && packetNanos != null) {
            message.setHeader(MediaHeaders.FIRST_ARRIVAL_MILLIS,
                    packetMillis - TimeUnit.NANOSECONDS.toMillis(packetNanos - au.firstArrivalNanos()));
        }
        message.setHeader(MediaHeaders.FIRST_SEQUENCE_NUMBER, au.firstSequenceNumber());
        message.setHeader(MediaHeaders.LAST_SEQUENCE_NUMBER, au.lastSequenceNumber());
        message.setHeader(MediaHeaders.PACKET_COUNT, au.packets());
        if (completed == null) {
            completed = new ArrayList<>(2);
        }
        completed.add(message);
    }

    private void dropIdleStreams(long nowNanos) {
        long timeout = TimeUnit.MILLISECONDS.toNanos(streamIdleTimeoutMillis);
        for (Iterator<H264StreamReassembler> it = streams.values().iterator(); it.hasNext();) {
            if (nowNanos - it.next().lastPacketNanos() > timeout) {
                it.remove();
            }
        }
    }

    /** Forgets a stream's state (its sender is gone). */
    public synchronized void endStream(String streamId) {
        streams.remove(streamId);
    }

    /** How many streams have reassembly state. */
    public synchronized int getStreamCount() {
        return streams.size();
    }

    /** A snapshot of the counters, summed over all streams. */
    public synchronized H264ReassemblyCounters getCounters() {
        return counters.copy();
    }

    /** SDP sprop-parameter-sets for one stream (overrides {@link #setSpropParameterSets(String)}). */
    public synchronized void setSpropParameterSets(String streamId, String sprop) {
        spropByStream.put(streamId, sprop);
        H264StreamReassembler stream = streams.get(streamId);
        if (stream != null) {
            stream.setSpropParameterSets(sprop);
        }
    }

    public String getSpropParameterSets() {
        return spropParameterSets;
    }

    /** SDP sprop-parameter-sets (base64 SPS,PPS) for every stream that does not send them in band. */
    public void setSpropParameterSets(String spropParameterSets) {
        this.spropParameterSets = spropParameterSets;
    }

    public int getReorderWindow() {
        return reorderWindow;
    }

    /** Packets held to put reordered ones back in order (power of two, 1-512; default 32). */
    public void setReorderWindow(int reorderWindow) {
        this.reorderWindow = reorderWindow;
    }

    public long getMaxReorderDelayMillis() {
        return maxReorderDelayMillis;
    }

    /** How long a sequence gap is waited for before its packets count as lost (default 50 ms). */
    public void setMaxReorderDelayMillis(long maxReorderDelayMillis) {
        this.maxReorderDelayMillis = maxReorderDelayMillis;
    }

    public long getKeyframeRequestIntervalMillis() {
        return keyframeRequestIntervalMillis;
    }

    /** Minimum time between two keyframe requests of one stream (default 1000 ms). */
    public void setKeyframeRequestIntervalMillis(long keyframeRequestIntervalMillis) {
        this.keyframeRequestIntervalMillis = keyframeRequestIntervalMillis;
    }

    public long getStreamIdleTimeoutMillis() {
        return streamIdleTimeoutMillis;
    }

    /** A stream without packets for this long is forgotten (default 10 s). */
    public void setStreamIdleTimeoutMillis(long streamIdleTimeoutMillis) {
        this.streamIdleTimeoutMillis = streamIdleTimeoutMillis;
    }
}
