package dev.qrexec.admin;

import dev.qrexec.parser.compat.RealPath;
import dev.qrexec.parser.load.FileView;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Several files of the policy changed as one transaction: the changes are laid over
 * the files on disk so that the whole tree can be loaded as it will be before
 * anything is written; then, under the policy directory's lock, they are written in
 * order, each atomically and journalled, and a failure reverts the ones already made.
 * The tools that change several files at once (restore, legacy conversion) go through it.
 */
public final class PolicyEdit {
    /** One change of the edit. */
    public sealed interface Change {
        /** The file changed. */
        Path file();

        /** {@code file} gets {@code content}; with {@code createOnly}, it must not exist yet. */
        record Write(Path file, byte[] content, boolean createOnly) implements Change {
            public Write {
                Objects.requireNonNull(file);
                content = content.clone();
            }

            @Override
            public byte[] content() {
                return content.clone();
            }
        }

        /** {@code file} is set aside under a free name ending in {@code suffix}: the loader no longer sees it. */
        record SetAside(Path file, String suffix) implements Change {
            public SetAside {
                Objects.requireNonNull(file);
                Objects.requireNonNull(suffix);
            }
        }
    }

    /** A change that could not be made; the changes made before it were reverted (but {@link #revertProblems}). */
    public static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Change change;
        private final transient List<String> revertProblems;

        Failed(Change change, IOException cause, List<String> revertProblems) {
            super(cause.getMessage(), cause);
            this.change = change;
            this.revertProblems = List.copyOf(revertProblems);
        }

        /** The change that failed. */
        public Change change() {
            return change;
        }

        /** What could not be undone (empty when every earlier change was). */
        public List<String> revertProblems() {
            return revertProblems;
        }

        /** Why the change failed. */
        public IOException reason() {
            return (IOException) getCause();
        }
    }

    /** A file of the edit whose path cannot be resolved (a symlink loop): it cannot be written. */
    public static final class Unresolvable extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Path file;

        Unresolvable(Path file, RealPath.SymlinkLoopException cause) {
            super(file + ": " + cause.getMessage(), cause);
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }

    private final List<Change> changes = new ArrayList<>();

    /** Replaces or creates {@code file}. */
    public PolicyEdit write(Path file, byte[] content) {
        changes.add(new Change.Write(file, content, false));
        return this;
    }

    /** Creates {@code file}, which must not exist when the edit is applied. */
    public PolicyEdit create(Path file, byte[] content) {
        changes.add(new Change.Write(file, content, true));
        return this;
    }

    /** Sets {@code file} aside under a free name made by appending {@code suffix}. */
    public PolicyEdit setAside(Path file, String suffix) {
        changes.add(new Change.SetAside(file, suffix));
        return this;
    }

    public List<Change> changes() {
        return List.copyOf(changes);
    }

    /** The files as they will be: {@code disk} with the changes laid over it. */
    public FileView view(FileView disk) throws Unresolvable {
        Map<Path, Optional<byte[]>> overrides = new HashMap<>();
        for (Change change : changes) {
            Path file;
            try {
                file = disk.realPath(change.file());
            } catch (RealPath.SymlinkLoopException e) {
                throw new Unresolvable(change.file(), e);
            }
            switch (change) {
                case Change.Write write -> overrides.put(file, Optional.of(write.content()));
                case Change.SetAside aside -> overrides.put(file, Optional.empty());
            }
        }
        return disk.withOverrides(overrides);
    }

    /** Loads the whole tree of {@code options} as it will be, collecting every problem. */
    public LoadResult load(LoadOptions options) throws Unresolvable {
        return PolicyLoader.load(options.withView(view(options.view())).collectingAll(true));
    }

    /**
     * Makes the changes in order (the caller holds the policy directory's lock),
     * telling {@code before} of each first. On a failure the changes already made are
     * reverted, and {@link Failed} says which change failed and what could not be
     * undone. The journal returned can revert the whole edit later.
     */
    public EditJournal apply(Consumer<Change> before) throws Failed {
        EditJournal journal = new EditJournal();
        for (Change change : changes) {
            before.accept(change);
            try {
                switch (change) {
                    case Change.Write write when write.createOnly() -> journal.create(write.file(), write.content());
                    case Change.Write write -> journal.write(write.file(), write.content());
                    case Change.SetAside aside -> journal.rename(aside.file(), aside.suffix());
                }
            } catch (IOException e) {
                throw new Failed(change, e, journal.revert());
            }
        }
        return journal;
    }
}
