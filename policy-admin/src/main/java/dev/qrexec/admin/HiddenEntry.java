package dev.qrexec.admin;

import dev.qrexec.parser.compat.RealPath;
import dev.qrexec.parser.load.FileView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link FileView} in which one directory entry is left out of its directory's
 * listing but can still be read (and included) by its path. Validation uses it to load
 * the other files first, as the reference does before it reads the file being replaced.
 */
final class HiddenEntry implements FileView {
    private final FileView base;
    private final Path directory;
    private final String name;

    HiddenEntry(FileView base, Path directory, String name) {
        this.base = base;
        this.directory = directory;
        this.name = name;
    }

    @Override
    public Kind kind(Path path) {
        return base.kind(path);
    }

    @Override
    public List<String> list(Path listed) throws IOException {
        List<String> names = base.list(listed);
        return listed.equals(directory) ? names.stream().filter(n -> !n.equals(name)).toList() : names;
    }

    @Override
    public byte[] read(Path file) throws IOException {
        return base.read(file);
    }

    @Override
    public Path realPath(Path path) throws RealPath.SymlinkLoopException {
        return base.realPath(path);
    }

    @Override
    public boolean isRemoved(Path canonical) {
        return base.isRemoved(canonical);
    }
}
