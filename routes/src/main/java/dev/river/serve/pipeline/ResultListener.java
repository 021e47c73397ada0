package dev.river.serve.pipeline;

/** Receives each session's result messages (JSON text) as soon as they exist, and the end of a session. */
public interface ResultListener {

    void result(String session, String json);

    void ended(String session, String json);
}
