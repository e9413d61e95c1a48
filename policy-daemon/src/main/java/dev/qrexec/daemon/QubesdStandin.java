package dev.qrexec.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A stand-in for qubesd on its UNIX socket, speaking its wire protocol: reads
 * {@code METHOD+ARG SOURCE TYPE DEST<NUL>PAYLOAD} up to the end of the stream and
 * answers {@code internal.GetSystemInfo} with {@code 0<NUL>} and the system
 * information, {@code admin.vm.CreateDisposable} with a new name, any other call
 * with an empty answer; or fails on purpose, as {@link Failure} says, for tests of
 * the daemon's behaviour when qubesd misbehaves. Optionally records each request
 * line in a file.
 */
public final class QubesdStandin implements AutoCloseable {
    /** How the stand-in misbehaves. */
    public enum Failure {
        /** Answers normally. */
        NONE,
        /** An exception reply {@code 2<NUL>QubesException<NUL><NUL>stand-in failure<NUL>}. */
        EXCEPTION,
        /** Bytes that are no qubesd message. */
        GARBAGE,
        /** Closes the connection without a byte. */
        CLOSE,
        /** Never answers. */
        HANG
    }

    private static final int MAX_REQUEST = 65536;
    /** Connections answered at a time (each answer is immediate, unless delayed or hanging on purpose). */
    static final int WORKERS = 8;

    private final AtomicReference<ByteBuffer> systemInfoReply = new AtomicReference<>();
    private final AtomicReference<Failure> failure = new AtomicReference<>(Failure.NONE);
    private final Duration delay;
    private final Optional<Path> record;
    private final AtomicInteger disposables = new AtomicInteger();
    private final Watchdog watchdog = new Watchdog();
    private final Listener listener;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private QubesdStandin(Path socket, byte[] systemInfo, Failure failure, Duration delay, Optional<Path> record,
                          Consumer<String> log) throws IOException {
        setSystemInfo(systemInfo);
        this.failure.set(Objects.requireNonNull(failure));
        this.delay = delay;
        this.record = record;
        this.listener = Listener.open(socket, this::serve, log, WORKERS);
    }

    /** Serves {@code systemInfo} (JSON) on {@code socket}. */
    public static QubesdStandin start(Path socket, byte[] systemInfo, Failure failure, Duration delay,
                                      Optional<Path> record, Consumer<String> log) throws IOException {
        return new QubesdStandin(socket, systemInfo, failure, delay, record, log);
    }

    /** Answers later requests with this system information. */
    public void setSystemInfo(byte[] json) {
        ByteBuffer reply = ByteBuffer.allocateDirect(json.length + 2);
        reply.put((byte) '0').put((byte) 0).put(json).flip();
        systemInfoReply.set(reply.asReadOnlyBuffer());
    }

    /** Misbehaves from now on as {@code mode} says. */
    public void setFailure(Failure mode) {
        failure.set(Objects.requireNonNull(mode));
    }

    private void serve(SocketChannel channel) {
        try (Connection connection = new Connection(channel)) {
            String header;
            try (Watchdog.Guard guard = watchdog.guard(Duration.ofSeconds(30), channel::close)) {
                int length = connection.frameUntil((byte) 0, MAX_REQUEST);
                if (length == Connection.END) {
                    return;
                }
                header = new String(connection.take(length), StandardCharsets.UTF_8);
                connection.readUpTo(MAX_REQUEST);
            } catch (Connection.FramingException e) {
                return;
            }
            String[] fields = header.split(" ", 4);
            if (fields.length != 4) {
                return;
            }
            if (record.isPresent()) {
                synchronized (this) {
                    Files.writeString(record.get(), header + "\n", StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                }
            }
            if (!delay.isZero()) {
                Thread.sleep(delay);
            }
            ByteBuffer reply = reply(fields[0], fields[3]);
            while (reply != null && reply.hasRemaining()) {
                connection.channel().write(reply);
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The reply (a buffer of its own), or null to close without one. */
    private ByteBuffer reply(String call, String destination) throws InterruptedException {
        switch (failure.get()) {
            case NONE -> {
                // answer below
            }
            case EXCEPTION -> {
                return ascii("2\0QubesException\0\0stand-in failure\0");
            }
            case GARBAGE -> {
                return ascii("this is not qubesd");
            }
            case CLOSE -> {
                return null;
            }
            case HANG -> {
                stopped.await();
                return null;
            }
        }
        int plus = call.indexOf('+');
        String method = plus < 0 ? call : call.substring(0, plus);
        return switch (method) {
            case "internal.GetSystemInfo" -> systemInfoReply.get().duplicate();
            case "admin.vm.CreateDisposable" -> ascii("0\0disp" + (1000 + disposables.incrementAndGet()) + "-of-"
                    + destination);
            default -> ascii("0\0");
        };
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        stopped.countDown();
        listener.close();
        watchdog.close();
    }
}
