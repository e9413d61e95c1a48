package dev.qrexec.admin;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.Blank;
import dev.qrexec.parser.ast.Comment;
import dev.qrexec.parser.ast.Compat40;
import dev.qrexec.parser.ast.Include;
import dev.qrexec.parser.ast.IncludeDir;
import dev.qrexec.parser.ast.IncludeService;
import dev.qrexec.parser.ast.InvalidLine;
import dev.qrexec.parser.ast.LegacyRule;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.compat.RealPath;
import dev.qrexec.parser.compat.Whitespace;
import dev.qrexec.parser.load.FileView;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A change of the policy as one transaction, the only way anything here writes policy
 * files (the admin services, argument registration, restore, legacy conversion): the
 * changes are laid over the files on disk and the whole tree is loaded as it will be
 * before anything is written ({@link #validate}); then, under the policy directory's
 * lock, they are made in order, each atomically, and a failure reverts the ones already
 * made ({@link #commit}, or {@link #apply} to keep the edit revertible until the caller
 * decides). A committed edit leaves no copies or temporary files behind, but those a
 * command keeps on purpose ({@link #writeKeepingCopy}).
 */
public final class PolicyEdit {
    /** How the tree as it will be is checked. */
    public enum Check {
        /**
         * As the admin services answer a qube: the main directory alone and, where there
         * is a runtime directory, both as the daemon reads them; for a single file of the
         * main directory, the other files first (the reference's reading order); the first
         * error only, its text withheld when it would quote a file outside the policy
         * directories; a write that empties an included file is an error too.
         */
        SERVICE,
        /** As a dom0 tool reports to its user: the main directory, every error in load order. */
        TOOL
    }

    /** One change of the edit. */
    public sealed interface Change {
        /** The file changed. */
        Path file();

        /**
         * {@code file} gets {@code content}; with {@code createOnly}, it must not exist yet;
         * with {@code keepSuffix}, its old content is kept under that suffix.
         */
        record Write(Path file, byte[] content, boolean createOnly, Optional<String> keepSuffix) implements Change {
            public Write {
                Objects.requireNonNull(file);
                Objects.requireNonNull(keepSuffix);
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

        /** {@code file} goes away. */
        record Delete(Path file) implements Change {
            public Delete {
                Objects.requireNonNull(file);
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
    public static final class Unresolvable extends IOException {
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

    private final PolicyTree tree;
    private final Check check;
    private final List<Change> changes = new ArrayList<>();

    private PolicyEdit(PolicyTree tree, Check check) {
        this.tree = Objects.requireNonNull(tree, "tree");
        this.check = Objects.requireNonNull(check, "check");
    }

    /** An edit of {@code tree} checked as {@code check} says. */
    public static PolicyEdit of(PolicyTree tree, Check check) {
        return new PolicyEdit(tree, check);
    }

    /** Replaces or creates {@code file}. */
    public PolicyEdit write(Path file, byte[] content) {
        changes.add(new Change.Write(file, content, false, Optional.empty()));
        return this;
    }

    /**
     * Replaces or creates {@code file}; when it exists, its old content is kept under the
     * first free name made by appending {@code suffix} (the commit says where).
     */
    public PolicyEdit writeKeepingCopy(Path file, byte[] content, String suffix) {
        changes.add(new Change.Write(file, content, false, Optional.of(suffix)));
        return this;
    }

    /** Creates {@code file}, which must not exist when the edit is applied. */
    public PolicyEdit create(Path file, byte[] content) {
        changes.add(new Change.Write(file, content, true, Optional.empty()));
        return this;
    }

    /** Sets {@code file} aside under a free name made by appending {@code suffix}. */
    public PolicyEdit setAside(Path file, String suffix) {
        changes.add(new Change.SetAside(file, suffix));
        return this;
    }

    /** Deletes {@code file}. */
    public PolicyEdit delete(Path file) {
        changes.add(new Change.Delete(file));
        return this;
    }

    public List<Change> changes() {
        return List.copyOf(changes);
    }

    /** The files as they will be: the tree's view of the disk with the changes laid over it. */
    FileView view() throws Unresolvable {
        FileView disk = tree.disk();
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
                case Change.Delete delete -> overrides.put(file, Optional.empty());
            }
        }
        return disk.withOverrides(overrides);
    }

    /** Loads the whole tree as it will be, as the edit's {@link Check} says; nothing is written. */
    public Validation validate() throws Unresolvable {
        FileView view = view();
        return switch (check) {
            case TOOL -> {
                LoadResult result = PolicyLoader.load(tree.mainOnly(view).collectingAll(true));
                yield new Validation(result.errors(),
                        result.diagnostics().stream().filter(d -> !d.isError()).toList());
            }
            case SERVICE -> asService(view);
        };
    }

    private Validation asService(FileView view) {
        List<LoadOptions> loads = new ArrayList<>();
        Path main = tree.mainDirectory();
        if (changes.size() == 1 && changes.getFirst() instanceof Change.Write write
                && main.equals(write.file().getParent())) {
            // The reference reads the other files before the one being replaced; so do we,
            // so that an error already elsewhere is reported as it reports it.
            loads.add(tree.mainOnly(new HiddenEntry(view, main, write.file().getFileName().toString())));
        }
        loads.add(tree.mainOnly(view));
        if (tree.runtimeInUse()) {
            loads.add(tree.asDaemonSees(view));
        }
        List<Diagnostic> warnings = new ArrayList<>();
        for (LoadOptions options : loads) {
            LoadResult result = PolicyLoader.load(options);
            result.diagnostics().stream().filter(d -> !d.isError() && !warnings.contains(d)).forEach(warnings::add);
            Optional<Diagnostic> error = result.firstError();
            if (error.isPresent()) {
                return new Validation(List.of(tree.withheld(error.get())), warnings);
            }
            for (Change change : changes) {
                if (change instanceof Change.Write write && emptiesAnIncludedFile(write, result)) {
                    return new Validation(List.of(Diagnostic.error(Code.INCLUDED_FILE_EMPTIED,
                            includedAt(write.file(), result), write.file() + " is still included: emptying it would "
                                    + "silently drop its rules; write a comment into it to empty it on purpose, or "
                                    + "remove the include first")), warnings);
                }
            }
        }
        return new Validation(List.of(), warnings);
    }

    /**
     * Whether a write leaves nothing but whitespace in a file of the include directory
     * that the policy still reads (an accidental truncation, most likely).
     */
    private boolean emptiesAnIncludedFile(Change.Write write, LoadResult result) {
        Path file = write.file();
        if (!file.getParent().equals(tree.directory(Scope.INCLUDE))
                || !Whitespace.strip(new String(write.content(), StandardCharsets.UTF_8)).isEmpty()) {
            return false;
        }
        return result.tree().files().stream().anyMatch(f -> Path.of(f.path()).equals(file));
    }

    /** The directive that includes {@code file} (the file itself when it cannot be told). */
    private Position includedAt(Path file, LoadResult result) {
        List<Path> bases = new ArrayList<>(List.of(tree.mainDirectory(), tree.legacyDirectory()));
        tree.runtimeDirectory().ifPresent(bases::add);
        for (PolicyFile policyFile : result.tree().files()) {
            for (Line line : policyFile.lines()) {
                String written = switch (line) {
                    case Include include -> include.path();
                    case IncludeService include -> include.path();
                    case Rule rule -> null;
                    case LegacyRule rule -> null;
                    case IncludeDir directory -> null;
                    case Compat40 compat -> null;
                    case Comment comment -> null;
                    case Blank blank -> null;
                    case InvalidLine invalid -> null;
                };
                if (written != null && bases.stream().anyMatch(b -> b.resolve(written).normalize().equals(file))) {
                    return line.position();
                }
            }
        }
        return Position.of(file.toString());
    }

    /**
     * Makes the changes in order under {@code lock}, telling {@code before} of each
     * first, and commits them: nothing but the policy is left in the directories (but
     * the copies kept on purpose, which the result names). Only what a later change could
     * need undone is copied aside on the way: a single change, whose atomic rename is the
     * whole transaction, is made without any copy. On a failure the changes already made
     * are reverted, and {@link Failed} says which change failed and what could not be undone.
     */
    public EditJournal.Committed commit(DirectoryLock lock, Consumer<Change> before) throws Failed {
        return make(lock, before, false).commit();
    }

    /**
     * Makes the changes as {@link #commit} does, but leaves them revertible: the journal
     * returned is either committed or reverted by the caller.
     */
    public EditJournal apply(DirectoryLock lock, Consumer<Change> before) throws Failed {
        return make(lock, before, true);
    }

    private EditJournal make(DirectoryLock lock, Consumer<Change> before, boolean revertibleToTheEnd) throws Failed {
        Objects.requireNonNull(lock, "lock");
        EditJournal journal = new EditJournal();
        Set<Path> directories = new LinkedHashSet<>();
        changes.forEach(change -> directories.add(change.file().getParent()));
        for (int i = 0; i < changes.size(); i++) {
            Change change = changes.get(i);
            boolean revertible = revertibleToTheEnd || i < changes.size() - 1;
            before.accept(change);
            try {
                if (i == 0) {
                    for (Path directory : directories) {
                        AtomicWriter.removeLeftovers(directory);
                    }
                }
                switch (change) {
                    case Change.Write write when write.createOnly() -> journal.create(write.file(), write.content());
                    case Change.Write write -> journal.write(write.file(), write.content(), revertible,
                            write.keepSuffix());
                    case Change.SetAside aside -> journal.rename(aside.file(), aside.suffix());
                    case Change.Delete delete -> journal.delete(delete.file(), revertible);
                }
            } catch (IOException e) {
                throw new Failed(change, e, journal.revert());
            }
        }
        return journal;
    }
}
