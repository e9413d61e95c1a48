package dev.qrexec.daemon;

import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.PolicyTree;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The loaded policy: one immutable {@link Evaluator} in an atomic reference, so a
 * request sees either the whole old policy or the whole new one. A change (counted
 * by {@link #changed()}) is loaded by the watcher right away, or by the first
 * request that comes before the watcher is done, whichever is first; one load at
 * a time. A policy that does not load is swapped in too: it denies everything,
 * and its diagnostics are logged once.
 */
public final class PolicyCache {
    /** Loads abandoned in a row for newer changes before one is finished regardless. */
    private static final int MAX_ABANDONED = 8;

    private final LoadOptions options;
    private final Consumer<String> log;
    private final AtomicReference<Evaluator> current = new AtomicReference<>();
    private final AtomicLong changes = new AtomicLong();
    private final ReentrantLock loading = new ReentrantLock();
    private volatile long loadedChanges = -1;
    private volatile LoadResult lastResult;
    private List<Diagnostic> lastLogged = List.of();

    PolicyCache(LoadOptions options, Consumer<String> log) {
        this.options = options;
        this.log = log;
    }

    LoadOptions options() {
        return options;
    }

    /** Marks the policy outdated; the next {@link #current()} or {@link #reload()} loads it. */
    void changed() {
        changes.incrementAndGet();
    }

    /** The policy to use now, loaded first when it changed since the last load. */
    Evaluator current() {
        if (loadedChanges != changes.get()) {
            reload();
        }
        return current.get();
    }

    /** The last load's result (for the watcher: which files were read). */
    LoadResult lastResult() {
        return lastResult;
    }

    /**
     * Loads the policy when it changed since the last load; returns whether it loaded.
     * A load that a newer change supersedes is abandoned and started again on the newer
     * tree, at most {@link #MAX_ABANDONED} times in a row (then one load is finished, so
     * that a writer that never stops cannot keep the policy from loading).
     */
    boolean reload() {
        loading.lock();
        try {
            long seen = changes.get();
            if (seen == loadedChanges) {
                return false;
            }
            LoadResult result = null;
            for (int abandonedLoads = 0; result == null; abandonedLoads++) {
                long started = seen;
                boolean mayAbandon = abandonedLoads < MAX_ABANDONED;
                result = load(() -> mayAbandon && changes.get() != started);
                if (mayAbandon && changes.get() != started) {
                    result = null;
                    seen = changes.get();
                }
            }
            current.set(new Evaluator(CompiledPolicy.compile(result)));
            lastResult = result;
            loadedChanges = seen;
            report(result);
            return true;
        } finally {
            loading.unlock();
        }
    }

    private LoadResult load(BooleanSupplier abandoned) {
        try {
            return PolicyLoader.load(options, abandoned);
        } catch (RuntimeException e) {
            // a loader bug must not leave the old policy in force silently
            return new LoadResult(new PolicyTree(List.of(), List.of()), List.of(Diagnostic.error(
                    Code.LOAD_FAILED, Position.of("<policy>"), "internal error while loading: " + e)));
        }
    }

    /** A load diagnostic as a log line: {@code error loading policy: FILE:LINE:COLUMN: error: MESSAGE}. */
    public static String describe(Diagnostic d) {
        return (d.isError() ? "error loading policy: " : "warning: ") + d.format();
    }

    /** Logs the diagnostics of a load when they differ from the last load's, so each problem is logged once. */
    private void report(LoadResult result) {
        List<Diagnostic> diagnostics = result.diagnostics();
        if (diagnostics.equals(lastLogged)) {
            return;
        }
        boolean hadErrors = lastLogged.stream().anyMatch(Diagnostic::isError);
        lastLogged = diagnostics;
        diagnostics.forEach(d -> log.accept(describe(d)));
        if (hadErrors && result.ok()) {
            log.accept("policy loaded again: " + result.tree().rules().size() + " rules");
        }
    }
}
