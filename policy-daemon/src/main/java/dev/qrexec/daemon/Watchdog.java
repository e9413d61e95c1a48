package dev.qrexec.daemon;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ends waits that take too long: a guarded wait (a client that sends nothing,
 * qubesd or a policy agent that does not answer) has its channel or process
 * closed once its deadline has passed, which wakes the blocked thread with an
 * error. One thread checks the deadlines ten times a second, so guarding a wait
 * costs two map operations and no timer.
 */
public final class Watchdog implements AutoCloseable {
    private static final long TICK_MILLIS = 100;

    /** Ends the guarded wait; called at most once, from the watchdog's thread. */
    @FunctionalInterface
    public interface Cancel {
        void cancel() throws Exception;
    }

    /** One guarded wait; closing it (when the wait is over) removes the deadline. */
    public final class Guard implements AutoCloseable {
        private final Cancel cancel;
        private final long deadline;
        private volatile boolean expired;

        private Guard(Cancel cancel, long deadline) {
            this.cancel = cancel;
            this.deadline = deadline;
        }

        /** Whether the deadline passed and the wait was ended. */
        public boolean expired() {
            return expired;
        }

        @Override
        public void close() {
            guards.remove(this);
        }
    }

    private final Map<Guard, Boolean> guards = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    public Watchdog() {
        thread = Thread.ofPlatform().name("qrexec-policy-watchdog").daemon().start(this::run);
    }

    /** Guards a wait of at most {@code timeout}; {@code cancel} ends it when it takes longer. */
    public Guard guard(Duration timeout, Cancel cancel) {
        Guard guard = new Guard(cancel, System.nanoTime() + timeout.toNanos());
        guards.put(guard, Boolean.TRUE);
        return guard;
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Guard guard : guards.keySet()) {
                if (now - guard.deadline >= 0 && guards.remove(guard) != null) {
                    guard.expired = true;
                    try {
                        guard.cancel.cancel();
                    } catch (Exception e) {
                        // the wait is ended either way
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
