package dev.river.component.zeromq;

import java.util.Properties;

import org.apache.camel.Exchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * zeromq: endpoints declared in a YAML DSL route (routes/river-echo.yaml), as Camel Main applications use them.
 */
class YamlRouteTest extends ZeroMQTestSupport {

    @Override
    protected void doPostSetup() throws Exception {
        Properties props = new Properties();
        props.setProperty("river.port", Integer.toString(port));
        context.getPropertiesComponent().setOverrideProperties(props);
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(context, "classpath:routes/river-echo.yaml"));
    }

    @Test
    void aYamlClientRouteGetsTheReplyOfAYamlServerRoute() {
        Exchange result = template.request("direct:infer", e -> e.getIn().setBody("frame"));
        assertNull(result.getException());
        assertEquals("yaml:blazeface:frame", result.getMessage().getBody(String.class));
        assertEquals("OK", result.getMessage().getHeader(ZeroMQConstants.STATUS));
        assertEquals("{\"worker\":\"yaml\",\"via\":\"yaml\"}", result.getMessage().getHeader(ZeroMQConstants.METADATA));
    }
}
