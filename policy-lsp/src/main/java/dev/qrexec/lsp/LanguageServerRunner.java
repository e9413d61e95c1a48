package dev.qrexec.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;

/** Runs the language server over a pair of streams (standard input and output) until the client leaves. */
public final class LanguageServerRunner {
    private LanguageServerRunner() {}

    /**
     * Serves the protocol on {@code in} and {@code out} until the client sends
     * {@code exit} (status 0 after {@code shutdown}, 1 without) or closes the input (1).
     */
    public static int run(InputStream in, OutputStream out, ServerOptions options) {
        PolicyLanguageServer server = new PolicyLanguageServer(options);
        ExecutorService messages = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "policy-lsp-messages");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Launcher<LanguageClient> launcher = new LSPLauncher.Builder<LanguageClient>()
                    .setLocalService(server)
                    .setRemoteInterface(LanguageClient.class)
                    .setInput(in)
                    .setOutput(out)
                    .setExecutorService(messages)
                    .create();
            server.connect(launcher.getRemoteProxy());
            Future<Void> listening = launcher.startListening();
            CompletableFuture<Integer> inputClosed = CompletableFuture.supplyAsync(() -> {
                try {
                    listening.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                    // the input failed or was closed: the session is over
                }
                return server.exitReceived() ? server.exited().join() : 1;
            }, messages);
            Object status = CompletableFuture.anyOf(server.exited(), inputClosed).join();
            listening.cancel(true);
            return (Integer) status;
        } finally {
            messages.shutdownNow();
        }
    }
}
