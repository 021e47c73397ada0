package dev.river.component.zeromq;

import org.apache.camel.spi.Metadata;

/**
 * Names of the message headers the zeromq component reads and writes, documented for the generated metadata.
 */
public final class ZeroMQConstants {

    @Metadata(description = "RIVER/1 model name. Producer (client): overrides the model option. Consumer: the model "
                            + "the request asked for.",
              javaType = "String")
    public static final String MODEL = "CamelZeroMQModel";

    @Metadata(description = "RIVER/1 absolute deadline in Unix epoch milliseconds (0 = none). Producer (client): "
                            + "overrides relativeDeadline. Consumer: the request's deadline.",
              javaType = "Long")
    public static final String DEADLINE = "CamelZeroMQDeadline";

    @Metadata(description = "RIVER/1 metadata JSON. Producer (client): request metadata in, reply metadata out. "
                            + "Consumer: request metadata in; set it to choose the reply metadata.",
              javaType = "String")
    public static final String METADATA = "CamelZeroMQMetadata";

    @Metadata(description = "RIVER/1 status (OK, ERROR, EXPIRED, ...). Producer (client): status of the reply. "
                            + "Consumer: set it to choose the reply status (default OK).",
              javaType = "String")
    public static final String STATUS = "CamelZeroMQStatus";

    @Metadata(description = "RIVER/1 request id (client) or job id (worker) as lower-case hex.", javaType = "String")
    public static final String REQUEST_ID = "CamelZeroMQRequestId";

    @Metadata(description = "Raw ROUTER: routing identity of the peer a message came from (consumer) or goes to "
                            + "(producer).",
              javaType = "byte[]")
    public static final String IDENTITY = "CamelZeroMQIdentity";

    private ZeroMQConstants() {
    }
}
