package dev.qrexec.parser.load;

import dev.qrexec.parser.ast.Syntax;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads and parses a load's top-level files ahead of the loader, on helper threads,
 * in load order. The loader still takes each file where it comes in load order and
 * reports its problems there, so the tree and the diagnostics are the same as when
 * every file is read in turn; a file that no helper has started yet is read by the
 * loader itself. Nothing here touches the load's state.
 */
final class FilePrefetch implements AutoCloseable {
    private final List<FutureTask<PolicyFileReader.Outcome>> tasks = new ArrayList<>();
    private final Map<String, FutureTask<PolicyFileReader.Outcome>> byPath = new HashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Thread> helpers = new ArrayList<>();

    /** Starts {@code helpers} threads reading the current-syntax files at {@code paths}, in that order. */
    FilePrefetch(FileView view, List<String> paths, int helpers) {
        for (String path : paths) {
            FutureTask<PolicyFileReader.Outcome> task =
                    new FutureTask<>(() -> PolicyFileReader.read(view, path, Syntax.CURRENT));
            tasks.add(task);
            byPath.putIfAbsent(path, task);
        }
        for (int i = 0; i < helpers; i++) {
            this.helpers.add(Thread.ofVirtual().name("policy-read-" + i).start(this::work));
        }
    }

    private void work() {
        while (!closed.get() && readNext()) {
            // one more file read
        }
    }

    /** Reads the next file no thread has started yet; false when there is none. */
    private boolean readNext() {
        int index = next.getAndIncrement();
        if (index >= tasks.size()) {
            return false;
        }
        tasks.get(index).run();
        return true;
    }

    /**
     * The outcome of reading {@code path}, read here unless a helper has started it;
     * null when {@code path} was not prefetched or was taken already. While a helper
     * is still reading it, the caller reads the files after it.
     */
    PolicyFileReader.Outcome take(String path) {
        FutureTask<PolicyFileReader.Outcome> task = byPath.remove(path);
        if (task == null) {
            return null;
        }
        task.run();
        while (!task.isDone() && readNext()) {
            // helping with the files after it
        }
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + path, e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException cause -> throw cause;
                case Error cause -> throw cause;
                default -> throw new IllegalStateException("cannot read " + path, e.getCause());
            }
        }
    }

    /**
     * Lets the helpers finish the file they are reading, starts no other, and waits for
     * them, unless the load is abandoned (the loading thread interrupted): a helper
     * whose read never returns must not hold the loader too.
     */
    @Override
    public void close() {
        closed.set(true);
        try {
            for (Thread helper : helpers) {
                helper.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
