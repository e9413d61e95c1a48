package dev.qrexec.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes a {@link PolicyEdit} makes to policy directories, each made atomically and
 * durably and written down, so that all of them can be undone: a file created
 * (undone by deleting it), a file replaced after copying it to a backup (undone
 * by renaming the backup over it), a file renamed (undone by renaming it back).
 */
public final class EditJournal {
    /** One change, and how to undo it. */
    public sealed interface Change {
        /** A file that did not exist. */
        record Created(Path file) implements Change {}

        /** A file whose old content is in {@code backup}. */
        record Replaced(Path file, Path backup) implements Change {}

        /** A file moved from {@code from} to {@code to}. */
        record Renamed(Path from, Path to) implements Change {}
    }

    /** The mode of a new policy file: {@code rw-r--r--}, as policy files are installed. */

    private final List<Change> changes = new ArrayList<>();

    public List<Change> changes() {
        return List.copyOf(changes);
    }

    /**
     * Writes {@code text} to {@code file} through a temporary file in the same
     * directory (fsynced, then renamed over the file, then the directory fsynced);
     * an existing file is first copied to a free {@code NAME.bak} name.
     */
    public void write(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code content} to {@code file}, as {@link #write(Path, String)} does. */
    public void write(Path file, byte[] content) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Path backup = freeName(file, ".bak");
            Files.copy(file, backup, StandardCopyOption.COPY_ATTRIBUTES);
            AtomicWriter.write(file, content);
            changes.add(new Change.Replaced(file, backup));
        } else {
            AtomicWriter.write(file, content);
            changes.add(new Change.Created(file));
        }
    }

    /** Creates {@code file} with {@code content}; it must not exist. */
    public void create(Path file, byte[] content) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        AtomicWriter.write(file, content);
        changes.add(new Change.Created(file));
    }

    /** Renames {@code file} to the first free name made by appending {@code suffix} once or more. */
    public Path rename(Path file, String suffix) throws IOException {
        Path renamed = freeName(file, suffix);
        Files.move(file, renamed, StandardCopyOption.ATOMIC_MOVE);
        AtomicWriter.syncDirectory(file.getParent());
        changes.add(new Change.Renamed(file, renamed));
        return renamed;
    }

    /**
     * Undoes every change, the last first. Goes on past a change that cannot be
     * undone and returns what could not be restored (empty when all was).
     */
    public List<String> revert() {
        List<String> problems = new ArrayList<>();
        for (int i = changes.size() - 1; i >= 0; i--) {
            Change change = changes.get(i);
            try {
                switch (change) {
                    case Change.Created created -> Files.deleteIfExists(created.file());
                    case Change.Replaced replaced -> Files.move(replaced.backup(), replaced.file(),
                            StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    case Change.Renamed renamed -> Files.move(renamed.to(), renamed.from(),
                            StandardCopyOption.ATOMIC_MOVE);
                }
                changes.remove(i);
            } catch (IOException e) {
                problems.add("cannot undo " + change + ": " + e);
            }
        }
        return problems;
    }

    private static Path freeName(Path file, String suffix) {
        Path candidate = file.resolveSibling(file.getFileName() + suffix);
        while (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
            candidate = candidate.resolveSibling(candidate.getFileName() + suffix);
        }
        return candidate;
    }
}
