package dev.river.serve;

import dev.river.serve.pipeline.SessionRegistry;
import dev.river.serve.web.ResultsWebSocket;
import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends river-serve cleanly when its Camel context begins to stop, before routes and the HTTP server go: every
 * session is ended with reason {@code shutdown} (counted; its viewers get the {@code ended} message), then every
 * results WebSocket is closed with 1001 and the reason. In-flight inference is then left to Camel's graceful
 * shutdown, which waits for it at most {@code camel.main.shutdown-timeout} seconds.
 */
public final class ServeShutdown extends LifecycleStrategySupport {

    private static final Logger LOG = LoggerFactory.getLogger(ServeShutdown.class);
    private final SessionRegistry sessions;
    private final ResultsWebSocket sockets;

    public ServeShutdown(SessionRegistry sessions, ResultsWebSocket sockets) {
        this.sessions = sessions;
        this.sockets = sockets;
    }

    @Override
    public void onContextStopping(CamelContext context) {
        sockets.stopping();
        int ended = sessions.endForShutdown();
        sockets.closeAll();
        LOG.info("river-serve stopping: {} session(s) ended, results sockets closed", ended);
    }
}
