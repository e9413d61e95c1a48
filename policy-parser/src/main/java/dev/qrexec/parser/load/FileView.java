package dev.qrexec.parser.load;

import dev.qrexec.parser.compat.RealPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the loader sees of the file system. {@link #real()} is the file system
 * itself; {@link #withOverrides} lays edits that are not written yet over it, so that
 * a change can be checked against the whole tree before it reaches the disk.
 */
public interface FileView {
    /** What a path names, after following symlinks. */
    enum Kind { FILE, DIRECTORY, OTHER, MISSING }

    /** What {@code path} names, following symlinks; a broken link or a loop is {@link Kind#MISSING}. */
    Kind kind(Path path);

    /** The names of a directory's entries, in no particular order. */
    java.util.List<String> list(Path directory) throws IOException;

    /**
     * The bytes of a file. A load reads its top-level files ahead on several threads,
     * so this is called from several threads at once.
     */
    byte[] read(Path file) throws IOException;

    /** The canonical absolute path, as POSIX {@code realpath} in non-strict mode computes it. */
    default Path realPath(Path path) throws RealPath.SymlinkLoopException {
        return RealPath.resolve(path);
    }

    /** Whether {@code canonical} is a file that an edit being checked removes. */
    default boolean isRemoved(Path canonical) {
        return false;
    }

    /** The real file system. */
    static FileView real() {
        return RealFileView.INSTANCE;
    }

    /**
     * This view with edits laid over it: each canonical path maps to its new content,
     * or to empty for a removed file.
     */
    default FileView withOverrides(Map<Path, Optional<byte[]>> overrides) {
        return new OverlayFileView(this, overrides);
    }

    /** The file system as it is. */
    final class RealFileView implements FileView {
        static final RealFileView INSTANCE = new RealFileView();

        private RealFileView() {}

        @Override
        public Kind kind(Path path) {
            if (Files.isRegularFile(path)) {
                return Kind.FILE;
            }
            if (Files.isDirectory(path)) {
                return Kind.DIRECTORY;
            }
            return Files.exists(path) ? Kind.OTHER : Kind.MISSING;
        }

        @Override
        public java.util.List<String> list(Path directory) throws IOException {
            try (var entries = Files.newDirectoryStream(directory)) {
                java.util.List<String> names = new java.util.ArrayList<>();
                for (Path entry : entries) {
                    names.add(entry.getFileName().toString());
                }
                return names;
            }
        }

        @Override
        public byte[] read(Path file) throws IOException {
            if (Files.size(file) > PolicyLoader.MAX_FILE_BYTES) {
                throw new java.nio.file.FileSystemException(file.toString(), null, "File too large");
            }
            return Files.readAllBytes(file);
        }
    }
}
