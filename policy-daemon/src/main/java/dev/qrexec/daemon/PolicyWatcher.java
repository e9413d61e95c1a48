package dev.qrexec.daemon;

import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.load.LoadResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Watches everything the policy is read from and reloads the cache after every
 * change: each policy directory and the legacy directory with all their
 * sub-directories (new ones included), the directory of every file the last load
 * read (absolute includes elsewhere), and, for a directory that does not exist
 * yet, its nearest existing parent, so that it is watched once it appears.
 * Events are coalesced: one reload after a burst of changes.
 */
final class PolicyWatcher implements AutoCloseable {
    private final PolicyCache cache;
    private final Consumer<String> log;
    private final WatchService service;
    private final Map<Path, WatchKey> watched = new HashMap<>();
    private Thread thread;

    PolicyWatcher(PolicyCache cache, Consumer<String> log) throws IOException {
        this.cache = cache;
        this.log = log;
        this.service = FileSystems.getDefault().newWatchService();
    }

    /** Registers the watches and starts reacting to changes. */
    void start() {
        resync();
        thread = Thread.ofPlatform().name("qrexec-policy-watcher").daemon().start(this::run);
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                do {
                    key.pollEvents();
                    key.reset();
                    key = service.poll();
                } while (key != null);
                try {
                    // new directories are watched before the load reads them
                    resync();
                    cache.changed();
                    cache.reload();
                    if (resync()) {
                        // the load read files in directories not watched before
                        cache.changed();
                        cache.reload();
                    }
                } catch (RuntimeException e) {
                    cache.changed();
                    log.accept("error while following policy changes: " + e);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: stop watching
        }
    }

    /** Brings the watches in line with what should be watched now; true when a directory was added. */
    synchronized boolean resync() {
        Set<Path> wanted = new LinkedHashSet<>();
        for (Path root : roots()) {
            if (Files.isDirectory(root)) {
                addTree(root, wanted);
            } else {
                Path parent = root.toAbsolutePath().getParent();
                while (parent != null && !Files.isDirectory(parent)) {
                    parent = parent.getParent();
                }
                if (parent != null) {
                    wanted.add(parent);
                }
            }
        }
        LoadResult last = cache.lastResult();
        if (last != null) {
            for (PolicyFile file : last.tree().files()) {
                Path parent = Path.of(file.path()).toAbsolutePath().getParent();
                if (parent != null && Files.isDirectory(parent)) {
                    wanted.add(parent);
                }
            }
        }
        watched.entrySet().removeIf(entry -> {
            boolean stale = !wanted.contains(entry.getKey()) || !entry.getValue().isValid();
            if (stale) {
                entry.getValue().cancel();
            }
            return stale;
        });
        boolean added = false;
        for (Path directory : wanted) {
            if (!watched.containsKey(directory)) {
                try {
                    watched.put(directory, directory.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
                    added = true;
                } catch (IOException e) {
                    log.accept("warning: cannot watch " + directory + " for policy changes: " + e);
                }
            }
        }
        return added;
    }

    private Set<Path> roots() {
        Set<Path> roots = new LinkedHashSet<>(cache.options().policyDirectories());
        roots.add(cache.options().legacyDirectory());
        return roots;
    }

    private static void addTree(Path root, Set<Path> out) {
        Path absolute = root.toAbsolutePath().normalize();
        out.add(absolute);
        try (Stream<Path> entries = Files.walk(absolute.toRealPath())) {
            entries.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).forEach(out::add);
        } catch (IOException | UncheckedIOException e) {
            // a directory vanished while walking: the next event resyncs
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            // nothing left to watch
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
