package dev.qrexec.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A language client for tests: it drives the server over a pair of pipes with
 * framed JSON-RPC messages written by hand (nothing of LSP4J on this side), keeps
 * every message the server sends, and waits for the ones a test expects.
 */
final class LspTestClient implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);

    private final OutputStream toServer;
    private final InputStream fromServer;
    private final BlockingQueue<JsonObject> incoming = new LinkedBlockingQueue<>();
    /** Notifications and requests from the server, in arrival order, not yet taken by a wait. */
    private final List<JsonObject> pending = new ArrayList<>();
    private final CompletableFuture<Integer> status;
    private final Thread reader;
    private int nextId = 1;

    private LspTestClient(OutputStream toServer, InputStream fromServer, CompletableFuture<Integer> status) {
        this.toServer = toServer;
        this.fromServer = fromServer;
        this.status = status;
        this.reader = Thread.ofPlatform().daemon().name("lsp-test-reader").start(this::read);
    }

    /** Starts a server with {@code options} on pipes and connects to it. */
    static LspTestClient start(ServerOptions options) throws IOException {
        PipedOutputStream clientOut = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(clientOut, 1 << 16);
        PipedOutputStream serverOut = new PipedOutputStream();
        PipedInputStream clientIn = new PipedInputStream(serverOut, 1 << 16);
        CompletableFuture<Integer> status = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("lsp-test-server").start(() -> {
            try {
                status.complete(LanguageServerRunner.run(serverIn, serverOut, options));
            } catch (Throwable e) {
                status.completeExceptionally(e);
            } finally {
                try {
                    serverOut.close();
                } catch (IOException e) {
                    // the reader sees the end either way
                }
            }
        });
        return new LspTestClient(clientOut, clientIn, status);
    }

    /** The server's exit status, once it returned. */
    int exitStatus() throws Exception {
        return status.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    boolean running() {
        return !status.isDone();
    }

    private void read() {
        try {
            while (true) {
                int length = -1;
                StringBuilder header = new StringBuilder();
                while (true) {
                    int c = fromServer.read();
                    if (c < 0) {
                        return;
                    }
                    header.append((char) c);
                    if (header.toString().endsWith("\r\n\r\n")) {
                        break;
                    }
                }
                for (String line : header.toString().split("\r\n")) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring("content-length:".length()).trim());
                    }
                }
                byte[] body = fromServer.readNBytes(length);
                incoming.add(JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject());
            }
        } catch (IOException e) {
            // the server closed its output
        }
    }

    /** Writes raw bytes to the server, framing and all (for malformed messages). */
    void sendRaw(byte[] bytes) throws IOException {
        toServer.write(bytes);
        toServer.flush();
    }

    void send(JsonObject message) throws IOException {
        byte[] body = message.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        sendRaw(out.toByteArray());
    }

    void closeInput() throws IOException {
        toServer.close();
    }

    /** Sends a notification. */
    void notify(String method, Object params) throws IOException {
        JsonObject message = new JsonObject();
        message.addProperty("jsonrpc", "2.0");
        message.addProperty("method", method);
        message.add("params", Json.tree(params));
        send(message);
    }

    /** Sends a request and waits for its response; returns the whole response message. */
    JsonObject request(String method, Object params) throws Exception {
        int id = nextId++;
        JsonObject message = new JsonObject();
        message.addProperty("jsonrpc", "2.0");
        message.addProperty("id", id);
        message.addProperty("method", method);
        if (params != null) {
            message.add("params", Json.tree(params));
        }
        send(message);
        return awaitResponse(id);
    }

    /** Sends a request and returns its result (failing on an error response). */
    JsonElement call(String method, Object params) throws Exception {
        JsonObject response = request(method, params);
        if (response.has("error")) {
            throw new AssertionError(method + " failed: " + response.get("error"));
        }
        return response.get("result");
    }

    JsonObject awaitResponse(int id) throws Exception {
        for (int i = 0; i < pending.size(); i++) {
            JsonObject message = pending.get(i);
            if (isResponse(message, id)) {
                return pending.remove(i);
            }
        }
        while (true) {
            JsonObject message = next();
            if (isResponse(message, id)) {
                return message;
            }
            pending.add(message);
        }
    }

    private static boolean isResponse(JsonObject message, int id) {
        return !message.has("method") && message.has("id") && message.get("id").getAsInt() == id;
    }

    private JsonObject next() throws InterruptedException {
        JsonObject message = incoming.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message from the server within " + WAIT + "; pending: " + pending);
        }
        return message;
    }

    /** Waits for the next notification {@code method} about {@code uri} (for publishDiagnostics). */
    JsonObject awaitNotification(String method, String uri) throws Exception {
        for (int i = 0; i < pending.size(); i++) {
            JsonObject message = pending.get(i);
            if (matches(message, method, uri)) {
                return pending.remove(i).getAsJsonObject("params");
            }
        }
        while (true) {
            JsonObject message = next();
            if (matches(message, method, uri)) {
                return message.getAsJsonObject("params");
            }
            pending.add(message);
        }
    }

    private static boolean matches(JsonObject message, String method, String uri) {
        return message.has("method") && message.get("method").getAsString().equals(method)
                && (uri == null || (message.getAsJsonObject("params").has("uri")
                        && message.getAsJsonObject("params").get("uri").getAsString().equals(uri)));
    }

    /** Drops the messages kept so far. */
    void clearPending() {
        pending.clear();
        incoming.clear();
    }

    /** Shuts the server down properly. */
    int shutdown() throws Exception {
        call("shutdown", null);
        notify("exit", null);
        return exitStatus();
    }

    @Override
    public void close() throws IOException {
        toServer.close();
        reader.interrupt();
    }
}
