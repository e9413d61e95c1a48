package dev.qrexec.parser.load;

import dev.qrexec.parser.compat.RealPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A load's view of the file system that remembers which reads and listings have
 * started and not returned yet, on any of the load's threads, so that a load that
 * misses its deadline can name the file it is stuck on.
 */
final class ReadsInFlight implements FileView {
    private final FileView base;
    /** Paths being read or listed now, in the order they started. */
    private final Set<Path> pending = new LinkedHashSet<>();

    ReadsInFlight(FileView base) {
        this.base = base;
    }

    /** The path whose read or listing has been going on longest, if any is going on. */
    synchronized Optional<Path> oldest() {
        return pending.stream().findFirst();
    }

    @Override
    public Kind kind(Path path) {
        return base.kind(path);
    }

    @Override
    public List<String> list(Path directory) throws IOException {
        started(directory);
        try {
            return base.list(directory);
        } finally {
            finished(directory);
        }
    }

    @Override
    public byte[] read(Path file) throws IOException {
        started(file);
        try {
            return base.read(file);
        } finally {
            finished(file);
        }
    }

    @Override
    public Path realPath(Path path) throws RealPath.SymlinkLoopException {
        return base.realPath(path);
    }

    @Override
    public boolean isRemoved(Path canonical) {
        return base.isRemoved(canonical);
    }

    private synchronized void started(Path path) {
        pending.add(path);
    }

    private synchronized void finished(Path path) {
        pending.remove(path);
    }
}
