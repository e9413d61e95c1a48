package dev.qrexec.daemon;

import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.load.LoadResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
 * <p>A file counts as changed when a writer closes it ({@code IN_CLOSE_WRITE}), or
 * when it is renamed, removed, or its mode changes, not at every write: a file that an
 * editor truncates and rewrites in place is read once it is whole (inotify through
 * the FFM API, see {@link Inotify}; Java's watch service reports modifications only).
 *
 * <p>Watches follow a directory's inode, but the policy is read by path: when a
 * configured directory is swapped (renamed away and another renamed in its place, or
 * a symlink replaced), its old watch would follow the old tree. So the parent of
 * every configured directory is watched too (for events about that name only), and
 * each resync re-registers a directory whose path now leads to another inode.
 */
final class PolicyWatcher implements AutoCloseable {
    /** What a watched policy directory reports: no plain modification, the close after it instead. */
    private static final int TREE_EVENTS = Inotify.IN_CLOSE_WRITE | Inotify.IN_MOVED_FROM | Inotify.IN_MOVED_TO
            | Inotify.IN_CREATE | Inotify.IN_DELETE | Inotify.IN_DELETE_SELF | Inotify.IN_MOVE_SELF | Inotify.IN_ATTRIB;
    /** What the parent of a configured directory reports (filtered by name). */
    private static final int PARENT_EVENTS = Inotify.IN_MOVED_FROM | Inotify.IN_MOVED_TO | Inotify.IN_CREATE
            | Inotify.IN_DELETE;

    private final PolicyCache cache;
    private final Consumer<String> log;
    private final Inotify inotify;
    private final Map<Path, Watch> watched = new HashMap<>();
    /** Every watch by its number: the directory and, for a parent only, the names in it that count. */
    private final Map<Integer, Watched> byNumber = new ConcurrentHashMap<>();
    /** Watches the kernel has ended (their directory was removed): registered again at the next resync. */
    private final Set<Integer> ended = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile Thread thread;

    /** One registered directory, the inode it was registered on, and whether all its events count. */
    private record Watch(int number, Object inode, boolean tree) {}

    /** What a watch number stands for; {@code names} null when every event counts. */
    private record Watched(Path directory, Set<String> names) {}

    PolicyWatcher(PolicyCache cache, Consumer<String> log) throws IOException {
        this.cache = cache;
        this.log = log;
        this.inotify = new Inotify();
    }

    /** Registers the watches and starts reacting to changes. */
    void start() {
        resync();
        thread = Thread.ofPlatform().name("qrexec-policy-watcher").daemon().start(this::run);
    }

    private void run() {
        while (!closed) {
            List<Inotify.Event> events = inotify.next();
            if (closed) {
                return;
            }
            if (!relevant(events)) {
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
            } catch (RuntimeException e) {
                cache.changed();
                if (!closed) {
                    log.accept("error while following policy changes: " + e);
                }
            }
        }
    }

    /** Whether some of {@code events} may concern the policy. */
    private boolean relevant(List<Inotify.Event> events) {
        boolean relevant = false;
        for (Inotify.Event event : events) {
            if (event.is(Inotify.IN_IGNORED)) {
                ended.add(event.watch());
                relevant = true;
                continue;
            }
            if (event.is(Inotify.IN_Q_OVERFLOW)) {
                relevant = true;
                continue;
            }
            Watched watched = byNumber.get(event.watch());
            if (watched == null) {
                relevant = true; // a watch being replaced: look again
            } else if (watched.names() != null) {
                relevant |= watched.names().contains(event.name());
            } else if (event.is(Inotify.IN_CREATE) && !event.is(Inotify.IN_ISDIR)) {
                // a file being created is read once its writer closes it; a symlink or a
                // hard link has no writer, so it counts now
                Path created = watched.directory().resolve(event.name());
                relevant |= Files.isSymbolicLink(created) || sizeOf(created) > 0;
            } else {
                relevant = true;
            }
        }
        return relevant;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Brings the watches in line with what should be watched now; true when a directory was added. */
    synchronized boolean resync() {
        if (closed) {
            return false;
        }
        Set<Path> wanted = new LinkedHashSet<>();
        Map<Path, Set<String>> parents = new HashMap<>();
        for (Path root : roots()) {
            Path absolute = root.toAbsolutePath().normalize();
            Path above = absolute.getParent();
            if (above != null && Files.isDirectory(above)) {
                parents.computeIfAbsent(above, p -> new HashSet<>()).add(absolute.getFileName().toString());
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
        // its target): the kernel gives both the same watch
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
            boolean stale = !inodes.containsKey(entry.getKey()) || ended.contains(watch.number())
                    || !inodes.get(entry.getKey()).equals(watch.inode())
                    || watch.tree() != wanted.contains(entry.getKey());
            if (stale) {
                if (!ended.contains(watch.number())) {
                    inotify.remove(watch.number());
                }
                byNumber.remove(watch.number());
            }
            return stale;
        });
        boolean added = false;
        for (Map.Entry<Path, Object> entry : inodes.entrySet()) {
            Path directory = entry.getKey();
            boolean tree = wanted.contains(directory);
            Watch watch = watched.get(directory);
            if (watch == null) {
                try {
                    int number = inotify.add(directory, tree ? TREE_EVENTS : PARENT_EVENTS);
                    ended.remove(number);
                    watched.put(directory, new Watch(number, entry.getValue(), tree));
                    added = true;
                    watch = watched.get(directory);
                } catch (IOException e) {
                    if (!closed) {
                        log.accept("warning: cannot watch " + directory + " for policy changes: " + e.getMessage());
                    }
                    continue;
                }
            }
            byNumber.put(watch.number(), new Watched(directory, tree ? null : Set.copyOf(parents.get(directory))));
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
        closed = true;
        synchronized (this) {
            inotify.close();
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
