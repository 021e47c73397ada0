package dev.river.component.webrtc.sdp;

/** An offer river cannot answer; the message is returned to the client with HTTP 400. */
public class SdpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SdpException(String message) {
        super(message);
    }
}
