package dev.river.component.zeromq;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.zeromq.ZContext;

/**
 * The zeromq: component. It owns the one ZeroMQ context of the CamelContext (so inproc:// endpoints can reach each
 * other) and shared default options copied into every endpoint.
 */
@Component("zeromq")
public class ZeroMQComponent extends DefaultComponent {

    /** Shared default options, copied into each endpoint. */
    @Metadata
    private ZeroMQConfiguration configuration = new ZeroMQConfiguration();

    /** ZeroMQ I/O threads of the shared context. */
    @Metadata(label = "advanced", defaultValue = "1")
    private int ioThreads = 1;

    private ZContext zContext;

    public ZeroMQComponent() {
    }

    public ZeroMQComponent(CamelContext context) {
        super(context);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("zeromq: needs an address, e.g. zeromq:tcp://127.0.0.1:5555");
        }
        ZeroMQEndpoint endpoint = new ZeroMQEndpoint(uri, remaining, this, configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The ZeroMQ context shared by all endpoints of this component, created on first use. */
    public synchronized ZContext getZContext() {
        if (zContext == null || zContext.isClosed()) {
            zContext = new ZContext(ioThreads);
        }
        return zContext;
    }

    @Override
    protected void doStop() throws Exception {
        ZContext c;
        synchronized (this) {
            c = zContext;
            zContext = null;
        }
        if (c != null) {
            c.close();
        }
        super.doStop();
    }

    public ZeroMQConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(ZeroMQConfiguration configuration) {
        this.configuration = configuration;
    }

    public int getIoThreads() {
        return ioThreads;
    }

    public void setIoThreads(int ioThreads) {
        this.ioThreads = ioThreads;
    }
}
