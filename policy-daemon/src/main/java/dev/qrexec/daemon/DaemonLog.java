package dev.qrexec.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The daemon's log, one message per line as the reference writes it (message text
 * only, for journald). Request threads only add their lines to a lock-free queue;
 * one writer thread writes them in batches every few milliseconds, so no request
 * waits for the terminal or the journal, nor wakes the writer. When the writer
 * falls far behind, request threads wait for it (nothing is dropped).
 */
public final class DaemonLog implements AutoCloseable {
    private static final int CAPACITY = 1 << 16;
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final OutputStream out;
    private final Thread writer;
    private volatile boolean closing;

    public DaemonLog(OutputStream out) {
        this.out = out;
        this.writer = Thread.ofPlatform().name("qrexec-policy-log").daemon().start(this::drain);
    }

    /**
     * Queues one message; line breaks are escaped ({@code \n}, {@code \r}) so that it stays
     * one line, and NUL bytes ({@code \x00}) so that the journal keeps it as text.
     */
    public void log(String message) {
        while (queued.get() >= CAPACITY && writer.isAlive()) {
            LockSupport.unpark(writer);
            LockSupport.parkNanos(PAUSE_NANOS);
        }
        queue.add(oneLine(message));
        queued.incrementAndGet();
    }

    private static String oneLine(String message) {
        if (message.indexOf('\n') < 0 && message.indexOf('\r') < 0 && message.indexOf('\0') < 0) {
            return message;
        }
        return message.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\x00");
    }

    private void drain() {
        StringBuilder text = new StringBuilder(8192);
        while (true) {
            boolean last = closing;
            String line;
            while ((line = queue.poll()) != null) {
                queued.decrementAndGet();
                text.append(line).append('\n');
                if (text.length() >= 64 * 1024) {
                    write(text);
                }
            }
            write(text);
            if (last) {
                return;
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
    }

    private void write(StringBuilder text) {
        if (text.isEmpty()) {
            return;
        }
        try {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // standard error is gone: nothing left to tell, keep the daemon serving
        }
        text.setLength(0);
    }

    /** Writes what is queued and stops the writer. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
