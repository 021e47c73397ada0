package dev.river.serve.security;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.main.MainListenerSupport;

/**
 * HTTPS for river-serve's HTTP port, off unless {@code river.serve.tls.keystore} names a keystore: then Camel's global
 * SSLContextParameters ({@code camel.ssl.*}) are made from the keystore, password and type, and the HTTP server
 * ({@code camel.server.useGlobalSslContextParameters}) serves TLS with them. The management port stays plain HTTP
 * on its loopback address.
 */
public final class ServeTls extends MainListenerSupport {

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        var context = main.getCamelContext();
        String keystore = context.resolvePropertyPlaceholders("{{river.serve.tls.keystore:}}").trim();
        if (keystore.isEmpty()) {
            return;
        }
        String password = context.resolvePropertyPlaceholders("{{river.serve.tls.password:}}");
        String type = context.resolvePropertyPlaceholders("{{river.serve.tls.type:PKCS12}}").trim();
        MainConfigurationProperties config = main.configure();
        config.sslConfig().setEnabled(true);
        config.sslConfig().setKeyStore(keystore.matches("^[a-z]+:.*") ? keystore : "file:" + keystore);
        config.sslConfig().setKeystorePassword(password);
        config.sslConfig().setKeyStoreType(type.isEmpty() ? "PKCS12" : type);
        config.httpServer().setUseGlobalSslContextParameters(true);
    }
}
