package dev.qrexec.daemon;

import dev.qrexec.parser.IoReason;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One listening UNIX socket: accepts connections and serves each on a virtual
 * thread of its own, so that a slow or silent client (or a slow qubesd or policy
 * agent behind a request) holds nothing but its own connection. A server whose
 * answers never wait (the qubesd stand-in) may instead serve on a few platform
 * threads, each accepting and answering in turn, which saves the hand-over.
 * Binding refuses a path on which another process answers (a second daemon), and
 * replaces a stale socket file.
 */
final class Listener implements AutoCloseable {
    /** Serves one connection; must not throw. */
    @FunctionalInterface
    interface Handler {
        void serve(SocketChannel channel);
    }

    /** How long closing waits for the connections being served. */
    static final Duration DRAIN = Duration.ofSeconds(2);

    private final Path path;
    private final ServerSocketChannel server;
    private final Handler handler;
    private final Consumer<String> log;
    private final AtomicInteger serving = new AtomicInteger();
    private Thread acceptor;
    private volatile boolean closed;

    private Listener(Path path, ServerSocketChannel server, Handler handler, Consumer<String> log) {
        this.path = path;
        this.server = server;
        this.handler = handler;
        this.log = log;
    }

    /** Binds {@code path} with mode 0660 and serves each connection on a virtual thread of its own. */
    static Listener open(Path path, Handler handler, Consumer<String> log) throws IOException {
        return open(path, handler, log, 0);
    }

    /**
     * Binds {@code path} with mode 0660; {@code workers} platform threads accept and
     * serve in turn, or, with 0, one thread accepts and each connection gets a
     * virtual thread.
     */
    static Listener open(Path path, Handler handler, Consumer<String> log, int workers) throws IOException {
        removeStale(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path), 1024);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on " + path + ": " + e.getMessage(), e);
        }
        Listener listener = new Listener(path, server, handler, log);
        String name = "qrexec-policy-accept " + path.getFileName();
        if (workers == 0) {
            listener.acceptor = Thread.ofPlatform().name(name).start(() -> listener.run(true));
        } else {
            for (int i = 1; i < workers; i++) {
                Thread.ofPlatform().name(name + " " + i).daemon().start(() -> listener.run(false));
            }
            listener.acceptor = Thread.ofPlatform().name(name + " 0").start(() -> listener.run(false));
        }
        return listener;
    }

    /** Removes a socket file nobody answers on; refuses when somebody does. */
    private static void removeStale(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        boolean answered;
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            answered = probe.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            answered = false;
        }
        if (answered) {
            throw new IOException("another process is already serving " + path + "; not starting a second daemon");
        }
        Files.deleteIfExists(path);
    }

    Path path() {
        return path;
    }

    private void run(boolean virtualThreads) {
        while (!closed) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.accept("error accepting a connection on " + path + ": " + IoReason.of(e));
                pause();
                continue;
            }
            serving.incrementAndGet();
            Runnable serve = () -> {
                try {
                    handler.serve(channel);
                } finally {
                    serving.decrementAndGet();
                }
            };
            if (virtualThreads) {
                Thread.startVirtualThread(serve);
            } else {
                serve.run();
            }
        }
    }

    /** After a failed accept (no file descriptors left, say), gives the system a moment. */
    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops accepting, removes the socket file, and gives the connections being
     * served up to {@link #DRAIN} to finish.
     */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.accept("warning: cannot remove " + path + ": " + IoReason.of(e));
        }
        try {
            if (acceptor != null) {
                acceptor.join(DRAIN.toMillis());
            }
            long deadline = System.nanoTime() + DRAIN.toNanos();
            while (serving.get() > 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
