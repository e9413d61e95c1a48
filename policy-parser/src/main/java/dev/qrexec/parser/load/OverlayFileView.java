package dev.qrexec.parser.load;

import dev.qrexec.parser.compat.RealPath;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@link FileView} with pending edits (new content or removal) laid over another view. */
final class OverlayFileView implements FileView {
    private final FileView base;
    private final Map<Path, Optional<byte[]>> overrides;

    OverlayFileView(FileView base, Map<Path, Optional<byte[]>> overrides) {
        this.base = base;
        this.overrides = new HashMap<>();
        overrides.forEach((path, content) -> this.overrides.put(path.toAbsolutePath().normalize(), content));
    }

    private Optional<byte[]> override(Path path) {
        if (overrides.isEmpty()) {
            return null;
        }
        try {
            return overrides.get(base.realPath(path));
        } catch (RealPath.SymlinkLoopException e) {
            return null;
        }
    }

    @Override
    public Kind kind(Path path) {
        Optional<byte[]> content = override(path);
        if (content != null) {
            return content.isPresent() ? Kind.FILE : Kind.MISSING;
        }
        return base.kind(path);
    }

    @Override
    public List<String> list(Path directory) throws IOException {
        Set<String> names = new LinkedHashSet<>(base.list(directory));
        Path canonicalDirectory;
        try {
            canonicalDirectory = base.realPath(directory);
        } catch (RealPath.SymlinkLoopException e) {
            return new ArrayList<>(names);
        }
        overrides.forEach((path, content) -> {
            if (canonicalDirectory.equals(path.getParent())) {
                String name = path.getFileName().toString();
                if (content.isPresent()) {
                    names.add(name);
                } else {
                    names.remove(name);
                }
            }
        });
        return new ArrayList<>(names);
    }

    @Override
    public byte[] read(Path file) throws IOException {
        Optional<byte[]> content = override(file);
        if (content != null) {
            if (content.isEmpty()) {
                throw new NoSuchFileException(file.toString());
            }
            return content.get().clone();
        }
        return base.read(file);
    }

    @Override
    public Path realPath(Path path) throws RealPath.SymlinkLoopException {
        return base.realPath(path);
    }

    @Override
    public boolean isRemoved(Path canonical) {
        Optional<byte[]> content = overrides.get(canonical);
        return content != null && content.isEmpty();
    }
}
