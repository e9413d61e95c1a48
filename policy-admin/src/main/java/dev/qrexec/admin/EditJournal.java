package dev.qrexec.admin;

import dev.qrexec.parser.IoReason;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The changes a {@link PolicyEdit} has made to policy directories, each made atomically
 * and durably and written down so that all of them can be undone until the edit is
 * committed: a file created (undone by deleting it), a file replaced or deleted after
 * its old content was set aside under a hidden name the loader skips (undone by
 * renaming that copy back), a file renamed (undone by renaming it back). Committing
 * removes the hidden copies, but for those a command keeps on purpose under a visible
 * name it tells the user; reverting removes them too. Either way the directories hold
 * nothing but the policy afterwards.
 */
public final class EditJournal {
    /** One change, and how to undo it. */
    sealed interface Change {
        /** The file changed. */
        Path file();

        /** A file that did not exist. */
        record Created(Path file) implements Change {}

        /**
         * A file whose old content is in {@code backup} (none for the last change of an edit
         * committed at once, which is never undone); with {@code keepSuffix}, the copy is
         * kept on commit under the file's name with that suffix.
         */
        record Replaced(Path file, Optional<Path> backup, Optional<String> keepSuffix) implements Change {}

        /** A file moved from {@code from} to {@code to}. */
        record Renamed(Path from, Path to) implements Change {
            @Override
            public Path file() {
                return from;
            }
        }

        /** A file deleted, whose content is in {@code backup} (none when never undone). */
        record Deleted(Path file, Optional<Path> backup) implements Change {}
    }

    /**
     * What a commit did: how many files were changed, the copies of old contents kept on
     * purpose (file, copy), and hidden copies that could not be removed (the next edit of
     * their directory removes them).
     */
    public record Committed(int changed, Map<Path, Path> kept, List<String> problems) {
        public Committed {
            kept = Map.copyOf(kept);
            problems = List.copyOf(problems);
        }
    }

    private final List<Change> changes = new ArrayList<>();

    /** How many changes were made (and not undone). */
    public int size() {
        return changes.size();
    }

    /**
     * Writes {@code content} to {@code file} atomically ({@link AtomicWriter}); when the
     * file exists and the change must be {@code revertible}, its content is first copied
     * to a hidden name. With {@code keepSuffix}, that copy is kept on commit.
     */
    void write(Path file, byte[] content, boolean revertible, Optional<String> keepSuffix) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Optional<Path> backup = Optional.empty();
            if (revertible || keepSuffix.isPresent()) {
                backup = Optional.of(copyAside(file));
            }
            try {
                AtomicWriter.write(file, content);
            } catch (IOException | RuntimeException e) {
                if (backup.isPresent()) {
                    Files.deleteIfExists(backup.get());
                }
                throw e;
            }
            changes.add(new Change.Replaced(file, backup, keepSuffix));
        } else {
            AtomicWriter.write(file, content);
            changes.add(new Change.Created(file));
        }
    }

    /** Creates {@code file} with {@code content}; it must not exist. */
    void create(Path file, byte[] content) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        AtomicWriter.write(file, content);
        changes.add(new Change.Created(file));
    }

    /** Renames {@code file} to the first free name made by appending {@code suffix} once or more. */
    Path rename(Path file, String suffix) throws IOException {
        Path renamed = freeName(file, suffix);
        Files.move(file, renamed, StandardCopyOption.ATOMIC_MOVE);
        AtomicWriter.syncDirectory(file.getParent());
        changes.add(new Change.Renamed(file, renamed));
        return renamed;
    }

    /** Deletes {@code file}; when the change must be {@code revertible}, by renaming it to a hidden name. */
    void delete(Path file, boolean revertible) throws IOException {
        if (revertible) {
            Path backup = AtomicWriter.hiddenName(file.getParent(), ".deleted");
            Files.move(file, backup, StandardCopyOption.ATOMIC_MOVE);
            AtomicWriter.syncDirectory(file.getParent());
            changes.add(new Change.Deleted(file, Optional.of(backup)));
        } else {
            AtomicWriter.remove(file);
            changes.add(new Change.Deleted(file, Optional.empty()));
        }
    }

    /**
     * Makes the changes final: removes the hidden copies of old contents, but renames
     * those kept on purpose to the first free name of the file with their suffix. The
     * journal is empty afterwards.
     */
    public Committed commit() {
        int changed = changes.size();
        Map<Path, Path> kept = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Set<Path> directories = new LinkedHashSet<>();
        for (Change change : changes) {
            Optional<Path> backup = switch (change) {
                case Change.Replaced replaced -> replaced.backup();
                case Change.Deleted deleted -> deleted.backup();
                case Change.Created created -> Optional.empty();
                case Change.Renamed renamed -> Optional.empty();
            };
            if (backup.isEmpty()) {
                continue;
            }
            directories.add(backup.get().getParent());
            try {
                if (change instanceof Change.Replaced replaced && replaced.keepSuffix().isPresent()) {
                    Path copy = freeName(replaced.file(), replaced.keepSuffix().get());
                    Files.move(backup.get(), copy, StandardCopyOption.ATOMIC_MOVE);
                    kept.put(replaced.file(), copy);
                } else {
                    Files.delete(backup.get());
                }
            } catch (IOException e) {
                problems.add("cannot remove the copy " + backup.get() + ": " + IoReason.of(e));
            }
        }
        for (Path directory : directories) {
            try {
                AtomicWriter.syncDirectory(directory);
            } catch (IOException e) {
                problems.add("cannot sync " + directory + ": " + IoReason.of(e));
            }
        }
        changes.clear();
        return new Committed(changed, kept, problems);
    }

    /**
     * Undoes every change, the last first. Goes on past a change that cannot be
     * undone and returns what could not be restored, in words for the user (empty when
     * all was).
     */
    public List<String> revert() {
        List<String> problems = new ArrayList<>();
        for (int i = changes.size() - 1; i >= 0; i--) {
            Change change = changes.get(i);
            try {
                undo(change);
                changes.remove(i);
            } catch (IOException e) {
                problems.add(undoing(change) + ": " + IoReason.of(e));
            }
        }
        return problems;
    }

    private static void undo(Change change) throws IOException {
        switch (change) {
            case Change.Created created -> Files.deleteIfExists(created.file());
            case Change.Replaced replaced -> Files.move(backupOf(replaced.file(), replaced.backup()), replaced.file(),
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            case Change.Renamed renamed -> Files.move(renamed.to(), renamed.from(), StandardCopyOption.ATOMIC_MOVE);
            case Change.Deleted deleted -> Files.move(backupOf(deleted.file(), deleted.backup()), deleted.file(),
                    StandardCopyOption.ATOMIC_MOVE);
        }
        AtomicWriter.syncDirectory(change.file().getParent());
    }

    private static Path backupOf(Path file, Optional<Path> backup) throws IOException {
        return backup.orElseThrow(() -> new IOException("no copy of its old content was kept"));
    }

    /** What undoing the change means, for a message that it failed. */
    private static String undoing(Change change) {
        return switch (change) {
            case Change.Created created -> "cannot remove " + created.file() + " again";
            case Change.Replaced replaced -> "cannot restore the old content of " + replaced.file()
                    + replaced.backup().map(b -> " (it is in " + b + ")").orElse("");
            case Change.Renamed renamed -> "cannot rename " + renamed.to() + " back to " + renamed.from();
            case Change.Deleted deleted -> "cannot restore " + deleted.file()
                    + deleted.backup().map(b -> " (its content is in " + b + ")").orElse("");
        };
    }

    /** A hidden copy of {@code file} in its directory, with its attributes. */
    private static Path copyAside(Path file) throws IOException {
        while (true) {
            Path backup = AtomicWriter.hiddenName(file.getParent(), ".bak");
            try {
                Files.copy(file, backup, StandardCopyOption.COPY_ATTRIBUTES);
                return backup;
            } catch (FileAlreadyExistsException taken) {
                // another name, then
            }
        }
    }

    private static Path freeName(Path file, String suffix) {
        Path candidate = file.resolveSibling(file.getFileName() + suffix);
        while (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
            candidate = candidate.resolveSibling(candidate.getFileName() + suffix);
        }
        return candidate;
    }
}
