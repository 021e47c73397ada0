package dev.river.component.zeromq;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Sends to a zeromq: endpoint. protocol=client hands the exchange to the endpoint's RIVER/1 connection and returns
 * at once (the reply completes it later); protocol=raw sends (and for InOut receives) on the calling thread.
 */
public class ZeroMQProducer extends DefaultAsyncProducer {

    private RiverClientConnection client;
    private RawSender raw;

    public ZeroMQProducer(ZeroMQEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public ZeroMQEndpoint getEndpoint() {
        return (ZeroMQEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (getEndpoint().getConfiguration().getProtocol() == ZeroMQProtocol.client) {
            client = getEndpoint().getClientConnection();
        } else {
            RawSender sender = new RawSender(getEndpoint());
            sender.open();
            raw = sender;
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (raw != null) {
            raw.close();
            raw = null;
        }
        client = null; // shared by the endpoint, which stops it
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RiverClientConnection c = client;
        if (c != null) {
            try {
                c.submit(exchange, callback);
                return false;
            } catch (Exception e) {
                exchange.setException(e);
                callback.done(true);
                return true;
            }
        }
        try {
            RawSender r = raw;
            if (r == null) {
                throw new IllegalStateException("ZeroMQ producer is not started");
            }
            r.send(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }
}
