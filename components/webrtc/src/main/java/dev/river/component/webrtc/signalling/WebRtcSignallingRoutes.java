package dev.river.component.webrtc.signalling;

import org.apache.camel.builder.RouteBuilder;

/**
 * Ready-made WHIP and WHEP routes on Camel platform-http for one webrtc: server: {@code POST /whip},
 * {@code DELETE /whip/{id}}, {@code POST /whep/{publisher}}, {@code DELETE /whep/{publisher}/{viewer}} (paths
 * configurable). Pass the same endpoint options as the consumer so whichever route starts first opens the same port.
 */
public class WebRtcSignallingRoutes extends RouteBuilder {

    private final String name;
    private final String options;
    private final String whipPath;
    private final String whepPath;

    /** Routes at /whip and /whep for webrtc:{name}?{options}. */
    public WebRtcSignallingRoutes(String name, String options) {
        this(name, options, "/whip", "/whep");
    }

    public WebRtcSignallingRoutes(String name, String options, String whipPath, String whepPath) {
        this.name = name;
        this.options = options == null || options.isBlank() ? "" : "&" + options;
        this.whipPath = whipPath;
        this.whepPath = whepPath;
    }

    @Override
    public void configure() {
        String whip = "webrtc:" + name + "?operation=whip" + options;
        String whep = "webrtc:" + name + "?operation=whep" + options;
        from("platform-http:" + whipPath + "?httpMethodRestrict=POST,OPTIONS").routeId("webrtc-" + name + "-whip")
                .to(whip);
        from("platform-http:" + whipPath + "/{session}?httpMethodRestrict=DELETE,PATCH")
                .routeId("webrtc-" + name + "-whip-resource").to(whip);
        from("platform-http:" + whepPath + "/{publisher}?httpMethodRestrict=POST,OPTIONS")
                .routeId("webrtc-" + name + "-whep").to(whep);
        from("platform-http:" + whepPath + "/{publisher}/{viewer}?httpMethodRestrict=DELETE,PATCH")
                .routeId("webrtc-" + name + "-whep-resource").to(whep);
    }
}
