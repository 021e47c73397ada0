package dev.river.serve;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A results WebSocket client (java.net.http): keeps every message with the System.nanoTime() it arrived at. */
final class ResultsClient implements WebSocket.Listener, AutoCloseable {

    record Received(long nanos, JsonNode json) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    final List<Received> messages = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    ResultsClient(String http, String session, String token) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(http.replace("http:", "ws:") + "/sessions/" + session + "/results"
                                       + (token == null ? "" : "?access_token=" + token)), this)
                .get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        long now = System.nanoTime();
        partial.append(data);
        if (last) {
            try {
                messages.add(new Received(now, JSON.readTree(partial.toString())));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    /** The close code and reason river-serve sent (-1 and null while open). */
    volatile int closeCode = -1;
    volatile String closeReason;

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closeReason = reason;
        closeCode = statusCode;
        return null;
    }

    WebSocket socket() {
        return socket;
    }

    List<Received> ofType(String type) {
        return messages.stream().filter(m -> type.equals(m.json().path("type").asText())).toList();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
