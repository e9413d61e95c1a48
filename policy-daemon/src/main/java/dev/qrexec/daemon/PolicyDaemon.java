package dev.qrexec.daemon;

import dev.qrexec.eval.SystemInfoSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The policy daemon: the policy cache and its watcher, the system information
 * source, and the three sockets ({@code policy.sock}, {@code policy.EvalSimple},
 * {@code policy.EvalGUI}). It starts even when the policy does not load (then it
 * denies everything until the policy is fixed) and refuses to start when another
 * daemon answers on one of its sockets. Closing it stops accepting and removes
 * the socket files.
 */
public final class PolicyDaemon implements AutoCloseable {
    private final Watchdog watchdog;
    private final PolicyCache cache;
    private final PolicyWatcher watcher;
    private final List<Listener> listeners;

    private PolicyDaemon(Watchdog watchdog, PolicyCache cache, PolicyWatcher watcher, List<Listener> listeners) {
        this.watchdog = watchdog;
        this.cache = cache;
        this.watcher = watcher;
        this.listeners = listeners;
    }

    /** Loads the policy, starts watching it and opens the sockets. */
    public static PolicyDaemon start(DaemonSettings settings, Consumer<String> log) throws IOException {
        return start(settings, log, () -> { });
    }

    /**
     * Loads the policy, starts watching it and opens the sockets, after {@code processSetup}
     * (what the process does before it has sockets: its umask and group). The set-up runs
     * on another thread while the policy loads, and links the native functions the watcher
     * calls: in a cold JVM linking them costs about as much as loading a stock policy.
     */
    public static PolicyDaemon start(DaemonSettings settings, Consumer<String> log, Runnable processSetup)
            throws IOException {
        Watchdog watchdog = new Watchdog();
        PolicyWatcher watcher = null;
        List<Listener> listeners = new ArrayList<>(3);
        try {
            AtomicReference<Throwable> setupFailure = new AtomicReference<>();
            Thread setup = Thread.ofPlatform().name("qrexec-policy-setup").start(() -> {
                try {
                    processSetup.run();
                    Inotify.link();
                } catch (RuntimeException | Error e) {
                    setupFailure.set(e);
                }
            });
            PolicyCache cache = new PolicyCache(settings.policy(), log);
            cache.reload();
            joinUninterruptibly(setup);
            if (setupFailure.get() instanceof RuntimeException e) {
                throw e;
            }
            if (setupFailure.get() instanceof Error e) {
                throw e;
            }
            SystemInfoSource systemInfo = QubesdSystemInfo.fileOrQubesd(settings.systemInfoFile(),
                    settings.qubesdSocket(), settings.qubesdTimeout(), watchdog);
            RequestHandler handler = new RequestHandler(cache::current, systemInfo,
                    settings.agent().transport(watchdog), log);
            listeners.add(Listener.open(settings.policySocket(),
                    new PolicySocket(handler, watchdog, settings.requestTimeout(), log), log));
            listeners.add(Listener.open(settings.evalSocket(),
                    EvalService.simple(handler, watchdog, settings.requestTimeout(), log), log));
            listeners.add(Listener.open(settings.guiSocket(),
                    EvalService.gui(handler, watchdog, settings.requestTimeout(), log), log));
            // watching starts once the sockets are ours: a second instance that is refused
            // never had a watcher; a change made before the watches exist is caught by the
            // load that follows them
            watcher = new PolicyWatcher(cache, log);
            watcher.start();
            cache.changed();
            cache.reload();
            return new PolicyDaemon(watchdog, cache, watcher, List.copyOf(listeners));
        } catch (IOException | RuntimeException e) {
            listeners.forEach(Listener::close);
            if (watcher != null) {
                watcher.close();
            }
            watchdog.close();
            throw e;
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Loads the policy now, whether or not a change was seen (for tests that rewrite the whole tree). */
    void reloadNow() {
        cache.changed();
        cache.reload();
    }

    /** Stops accepting connections, removes the sockets and stops watching. */
    @Override
    public void close() {
        listeners.forEach(Listener::close);
        watcher.close();
        watchdog.close();
    }
}
