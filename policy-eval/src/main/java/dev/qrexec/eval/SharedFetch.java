package dev.qrexec.eval;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link SystemInfoSource} whose concurrent callers share calls to another one
 * without ever getting older facts than a call of their own would give: a caller
 * joins the next fetch that has not started yet, so what it gets was fetched after
 * it asked, exactly as when every request asks qubesd itself. At most one fetch is
 * under way; the callers who arrived meanwhile wait for the next, which one of them
 * makes. Under load this turns one qubesd call per request into one per fetch time.
 */
public final class SharedFetch implements SystemInfoSource {
    private final SystemInfoSource source;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** The fetch that callers join: not started yet; null when nobody waits for one. */
    private Batch next;
    /** Whether a fetch is under way (or a member of {@link #next} has been asked to start it). */
    private boolean busy;

    /** The callers of one fetch and its outcome. */
    private static final class Batch {
        SystemInfo info;
        SystemInfoException error;
        boolean done;
        /** Set when the previous fetch is over: one member is to start this one. */
        boolean leaderWanted;
    }

    public SharedFetch(SystemInfoSource source) {
        this.source = source;
    }

    @Override
    public SystemInfo get() throws SystemInfoException {
        Batch batch;
        boolean lead;
        lock.lock();
        try {
            if (next == null) {
                next = new Batch();
            }
            batch = next;
            lead = !busy;
            if (lead) {
                busy = true;
                next = null;
            } else {
                while (!batch.done && !batch.leaderWanted) {
                    changed.awaitUninterruptibly();
                }
                if (!batch.done) {
                    batch.leaderWanted = false;
                    next = null;
                    lead = true;
                }
            }
        } finally {
            lock.unlock();
        }
        if (lead) {
            fetch(batch);
        }
        if (batch.error != null) {
            throw batch.error;
        }
        return batch.info;
    }

    /** Fetches for {@code batch}, publishes the outcome and hands the next fetch to a waiting caller. */
    private void fetch(Batch batch) {
        SystemInfo info = null;
        SystemInfoException error = null;
        try {
            info = source.get();
        } catch (SystemInfoException e) {
            error = e;
        } catch (RuntimeException e) {
            error = new SystemInfoException("cannot get the system information: " + e, e);
        }
        lock.lock();
        try {
            batch.info = info;
            batch.error = error;
            batch.done = true;
            if (next != null) {
                next.leaderWanted = true;
            } else {
                busy = false;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return source.toString();
    }
}
