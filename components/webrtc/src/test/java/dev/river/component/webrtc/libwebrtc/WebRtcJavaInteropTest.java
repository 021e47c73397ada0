package dev.river.component.webrtc.libwebrtc;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaType;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.river.component.webrtc.WebRtcComponent;
import dev.river.component.webrtc.WebRtcConstants;
import dev.river.component.webrtc.transport.WebRtcServer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * libwebrtc (webrtc-java) as a third, independent client: it publishes a generated 640x480 video in H264 with a
 * sendrecv offer, river echoes the packets back, and libwebrtc must decode them. Adapter enumeration is disabled so
 * libwebrtc sends from an any-address socket, which reaches river's 127.0.0.1 candidate over loopback.
 */
class WebRtcJavaInteropTest {

    private static CamelContext context;
    private static final AtomicLong RECEIVED = new AtomicLong();

    @BeforeAll
    static void startCamel() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libpulse.so.0")),
                "webrtc-java needs libpulse0 (apt-get install libpulse0)");
        context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                String uri = "webrtc:libwebrtc?port=0&allowedPeerNetworks=127.0.0.0/8";
                from(uri).process(e -> RECEIVED.incrementAndGet()).to(uri);
            }
        });
        context.start();
    }

    @AfterAll
    static void stopCamel() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void libwebrtcPublishesH264AndDecodesTheStreamSentBack() throws Exception {
        WebRtcServer server = context.getComponent("webrtc", WebRtcComponent.class).getServer("libwebrtc");
        PeerConnectionFactory factory = new PeerConnectionFactory(new HeadlessAudioDeviceModule());
        CustomVideoSource source = new CustomVideoSource();
        ScheduledExecutorService camera = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger decoded = new AtomicInteger();
        AtomicInteger width = new AtomicInteger();
        RTCPeerConnection pc = null;
        try {
            VideoTrack track = factory.createVideoTrack("camera", source);
            RTCConfiguration config = new RTCConfiguration();
            config.portAllocatorConfig = new PortAllocatorConfig()
                    .setDisableAdapterEnumeration(true).setDisableTcp(true).setDisableRelay(true).setDisableStun(true);
            pc = factory.createPeerConnection(config, new PeerConnectionObserver() {
                @Override
                public void onIceCandidate(RTCIceCandidate candidate) {
                }

                @Override
                public void onTrack(RTCRtpTransceiver transceiver) {
                    if (transceiver.getReceiver().getTrack() instanceof VideoTrack remote) {
                        remote.addSink(frame -> {
                            width.set(frame.buffer.getWidth());
                            decoded.incrementAndGet();
                        });
                    }
                }
            });
            RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
            init.direction = RTCRtpTransceiverDirection.SEND_RECV;
            init.streamIds = List.of("camera");
            RTCRtpTransceiver transceiver = pc.addTransceiver(track, init);
            List<RTCRtpCodecCapability> h264 = factory.getRtpSenderCapabilities(MediaType.VIDEO).getCodecs().stream()
                    .filter(c -> "H264".equalsIgnoreCase(c.getName())
                                 && "1".equals(c.getSDPFmtp().get("packetization-mode"))
                                 && "42e01f".equalsIgnoreCase(c.getSDPFmtp().get("profile-level-id")))
                    .toList();
            Assumptions.assumeFalse(h264.isEmpty(), "this libwebrtc build has no H264 42e01f encoder");
            transceiver.setCodecPreferences(h264);

            CompletableFuture<RTCSessionDescription> offer = new CompletableFuture<>();
            pc.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
                @Override
                public void onSuccess(RTCSessionDescription description) {
                    offer.complete(description);
                }

                @Override
                public void onFailure(String error) {
                    offer.completeExceptionally(new IllegalStateException(error));
                }
            });
            RTCSessionDescription local = offer.get(10, TimeUnit.SECONDS);
            set(pc, local, true);
            WebRtcServer.Offered answer = server.publish(local.sdp);
            set(pc, new RTCSessionDescription(RTCSdpType.ANSWER, answer.answer()), false);

            long[] frame = { 0 };
            camera.scheduleAtFixedRate(() -> source.pushFrame(frame(frame[0]++)), 0, 33, TimeUnit.MILLISECONDS);

            assertTrue(await(Duration.ofSeconds(20), () -> RECEIVED.get() > 100 && decoded.get() > 30),
                    () -> "river received " + RECEIVED.get() + " packets, libwebrtc decoded " + decoded.get() + " frames; "
                          + server.statistics());
            assertEquals(640, width.get());
            assertTrue(answer.session().isConnected());
        } finally {
            camera.shutdownNow();
            camera.awaitTermination(2, TimeUnit.SECONDS);
            if (pc != null) {
                pc.close();
            }
            source.dispose();
            factory.dispose();
        }
    }

    private static VideoFrame frame(long n) {
        NativeI420Buffer buffer = NativeI420Buffer.allocate(640, 480);
        ByteBuffer y = buffer.getDataY();
        for (int row = 0; row < 480; row++) {
            for (int col = 0; col < 640; col++) {
                y.put(row * buffer.getStrideY() + col, (byte) ((col + row + 4 * n) & 0xFF));
            }
        }
        ByteBuffer u = buffer.getDataU();
        ByteBuffer v = buffer.getDataV();
        for (int i = 0; i < buffer.getStrideU() * 240; i++) {
            u.put(i, (byte) 128);
            v.put(i, (byte) (100 + n % 50));
        }
        VideoFrame frame = new VideoFrame(buffer, System.nanoTime());
        return frame;
    }

    private static void set(RTCPeerConnection pc, RTCSessionDescription description, boolean local) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        SetSessionDescriptionObserver observer = new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                done.complete(null);
            }

            @Override
            public void onFailure(String error) {
                done.completeExceptionally(new IllegalStateException(error));
            }
        };
        if (local) {
            pc.setLocalDescription(description, observer);
        } else {
            pc.setRemoteDescription(description, observer);
        }
        done.get(10, TimeUnit.SECONDS);
    }

    private static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }
}
