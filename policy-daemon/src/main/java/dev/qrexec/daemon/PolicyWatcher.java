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
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Watches everything the policy is read from and reloads the cache after every
 * change: each policy directory and the legacy directory with all their
 * sub-directories (new ones included), the directory of every file the last load
 * read (absolute includes elsewhere), and, for a directory that does not exist
 * yet, its nearest existing parent, so that it is watched once it appears.
 * Events are coalesced: one reload after a burst of changes.
 *
 * <p>Watches follow a directory's inode, but the policy is read by path: when a
 * configured directory is swapped (renamed away and another renamed in its place, or
 * a symlink replaced), its old watch would follow the old tree. So the parent of
 * every configured directory is watched too (for events about that name only), and
 * each resync re-registers a directory whose path now leads to another inode.
 */
final class PolicyWatcher implements AutoCloseable {
    private final PolicyCache cache;
    private final Consumer<String> log;
    private final WatchService service;
    private final Map<Path, Watch> watched = new HashMap<>();
    /**
     * For a key that watches only a parent of configured directories: the names in it
     * that count. Events of keys not in this map all count.
     */
    private final Map<WatchKey, Set<Path>> namesOnly = new ConcurrentHashMap<>();

    /** One registered directory and the inode it was registered on. */
    private record Watch(WatchKey key, Object inode) {}
    private volatile Thread thread;

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
                boolean relevant = false;
                do {
                    relevant |= relevant(key, key.pollEvents());
                    key.reset();
                    key = service.poll();
                } while (key != null);
                if (!relevant) {
                    continue;
                }
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
                } catch (ClosedWatchServiceException e) {
                    throw e;
                } catch (RuntimeException e) {
                    cache.changed();
                    log.accept("error while following policy changes: " + e);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: stop watching
        }
    }

    /** Whether the events of {@code key} may concern the policy. */
    private boolean relevant(WatchKey key, List<WatchEvent<?>> events) {
        Set<Path> names = namesOnly.get(key);
        if (names == null) {
            return true;
        }
        for (WatchEvent<?> event : events) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW || names.contains((Path) event.context())) {
                return true;
            }
        }
        return false;
    }

    /** Brings the watches in line with what should be watched now; true when a directory was added. */
    synchronized boolean resync() {
        Set<Path> wanted = new LinkedHashSet<>();
        Map<Path, Set<Path>> parents = new HashMap<>();
        for (Path root : roots()) {
            Path absolute = root.toAbsolutePath().normalize();
            Path above = absolute.getParent();
            if (above != null && Files.isDirectory(above)) {
                parents.computeIfAbsent(above, p -> new HashSet<>()).add(absolute.getFileName());
            }
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
        Set<Path> all = new LinkedHashSet<>(wanted);
        all.addAll(parents.keySet());
        // one watch per directory, whatever the paths that lead to it (a symlinked root and
        // its target): the watch service gives both the same key
        Map<Path, Object> inodes = new LinkedHashMap<>();
        Set<Object> seen = new HashSet<>();
        for (Path directory : all) {
            Object inode = inode(directory);
            if (inode != null && seen.add(inode)) {
                inodes.put(directory, inode);
            }
        }
        watched.entrySet().removeIf(entry -> {
            Watch watch = entry.getValue();
            boolean stale = !inodes.containsKey(entry.getKey()) || !watch.key().isValid()
                    || !inodes.get(entry.getKey()).equals(watch.inode());
            if (stale) {
                watch.key().cancel();
                namesOnly.remove(watch.key());
            }
            return stale;
        });
        boolean added = false;
        for (Map.Entry<Path, Object> entry : inodes.entrySet()) {
            Path directory = entry.getKey();
            Watch watch = watched.get(directory);
            if (watch == null) {
                try {
                    watch = new Watch(directory.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY), entry.getValue());
                    watched.put(directory, watch);
                    added = true;
                } catch (IOException e) {
                    log.accept("warning: cannot watch " + directory + " for policy changes: " + e);
                    continue;
                }
            }
            if (wanted.contains(directory)) {
                namesOnly.remove(watch.key());
            } else {
                namesOnly.put(watch.key(), Set.copyOf(parents.get(directory)));
            }
        }
        return added;
    }

    /** What identifies the directory that {@code directory} leads to now (symlinks followed); null when none. */
    private static Object inode(Path directory) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(directory, BasicFileAttributes.class);
            return attributes.isDirectory() ? attributes.fileKey() : null;
        } catch (IOException e) {
            return null;
        }
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

    /** The thread following the changes (null before {@link #start()}); for tests. */
    Thread thread() {
        return thread;
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
