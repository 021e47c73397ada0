package dev.river.component.zeromq;

import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * Receives from a zeromq: endpoint. The work is done by one I/O loop chosen by the protocol option: raw frames,
 * the RIVER/1 worker, or the broker-less RIVER/1 client server.
 */
public class ZeroMQConsumer extends DefaultConsumer {

    private IoLoop loop;

    public ZeroMQConsumer(ZeroMQEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public ZeroMQEndpoint getEndpoint() {
        return (ZeroMQEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        loop = switch (getEndpoint().getConfiguration().getProtocol()) {
            case raw -> new RawReceiver(this);
            case worker -> new RiverWorkerConnection(this);
            case client -> new RiverClientServer(this);
        };
        loop.start();
    }

    @Override
    protected void doStop() throws Exception {
        if (loop != null) {
            loop.stop(getEndpoint().getConfiguration().getShutdownTimeout() + 2000);
            loop = null;
        }
        super.doStop();
    }
}
