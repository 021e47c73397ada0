package dev.river.serve.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Serves the browser app (web/index.html and the files of web/app/, packaged on the classpath under {@code web/}) for the
 * {@code platform-http:/} and {@code platform-http:/app/{file}} routes. Only plain file names are served; files are
 * read once and cached.
 */
public final class WebAppResources implements Processor {

    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "png", "image/png",
            "svg", "image/svg+xml", "ico", "image/x-icon", "json", "application/json");
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Override
    public void process(Exchange exchange) throws IOException {
        Message m = exchange.getMessage();
        String file = m.getHeader("file", String.class);
        if (file == null || file.isEmpty()) {
            file = "index.html";
        }
        m.removeHeaders("*");
        byte[] body = file.matches("[A-Za-z0-9_.-]{1,64}") && !file.startsWith(".")
                ? read("index.html".equals(file) ? file : "app/" + file) : null;
        if (body == null) {
            m.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            m.setHeader(Exchange.CONTENT_TYPE, "text/plain");
            m.setBody("not found\n");
            return;
        }
        String ext = file.substring(file.lastIndexOf('.') + 1);
        m.setHeader(Exchange.CONTENT_TYPE, TYPES.getOrDefault(ext, "application/octet-stream"));
        m.setHeader("Cache-Control", "no-cache");
        m.setBody(body);
    }

    private byte[] read(String file) throws IOException {
        byte[] cached = cache.get(file);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = WebAppResources.class.getClassLoader().getResourceAsStream("web/" + file)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            cache.put(file, bytes);
            return bytes;
        }
    }
}
