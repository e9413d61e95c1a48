package dev.qrexec.cli.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's log, one message per line as the reference writes it (message text
 * only, for journald). Request threads only queue their lines; one writer thread
 * writes them in batches, so no request waits for the terminal or the journal
 * under a lock. When the queue is full, writers wait (nothing is dropped).
 */
public final class DaemonLog implements AutoCloseable {
    private static final int CAPACITY = 1 << 16;

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final OutputStream out;
    private final Thread writer;
    private volatile boolean closing;

    public DaemonLog(OutputStream out) {
        this.out = out;
        this.writer = Thread.ofPlatform().name("qrexec-policy-log").daemon().start(this::drain);
    }

    /** Queues one message; a message with line breaks is escaped so it stays one line. */
    public void log(String message) {
        try {
            queue.put(oneLine(message));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues every message of {@code messages}, in order. */
    public void logAll(List<String> messages) {
        for (String message : messages) {
            log(message);
        }
    }

    private static String oneLine(String message) {
        if (message.indexOf('\n') < 0 && message.indexOf('\r') < 0) {
            return message;
        }
        return message.replace("\r", "\\r").replace("\n", "\\n");
    }

    private void drain() {
        List<String> batch = new ArrayList<>(256);
        StringBuilder text = new StringBuilder(8192);
        while (true) {
            try {
                String first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 1023);
                for (String line : batch) {
                    text.append(line).append('\n');
                }
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                // stderr is gone: nothing left to tell, keep the daemon serving
            } finally {
                batch.clear();
                text.setLength(0);
            }
        }
    }

    /** Writes what is queued and stops the writer. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
