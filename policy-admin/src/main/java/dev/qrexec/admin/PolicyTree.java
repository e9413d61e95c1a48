package dev.qrexec.admin;

import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.load.FileView;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy a {@link PolicyEdit} changes: the main directory that is edited (with
 * {@code include/} below it), the runtime directory the daemon reads before it (if any),
 * the R4.0 directory of {@code !compat-4.0}, the file system as the loader sees it (the
 * real one, but for tests and for tools that hide part of it) and how long one load may
 * take.
 */
public record PolicyTree(Path mainDirectory, Optional<Path> runtimeDirectory, Path legacyDirectory, FileView disk,
                         Duration deadline) {
    public PolicyTree {
        Objects.requireNonNull(mainDirectory, "mainDirectory");
        Objects.requireNonNull(runtimeDirectory, "runtimeDirectory");
        Objects.requireNonNull(legacyDirectory, "legacyDirectory");
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(deadline, "deadline");
    }

    /** The directories the admin services work on, read from the real file system. */
    public static PolicyTree of(AdminConfig config) {
        return of(config, FileView.real(), LoadOptions.DEFAULT_DEADLINE);
    }

    /** The directories the admin services work on, read through {@code disk}. */
    static PolicyTree of(AdminConfig config, FileView disk, Duration deadline) {
        return new PolicyTree(config.mainDirectory(), config.runtimeDirectory(), config.legacyDirectory(), disk,
                deadline);
    }

    /**
     * The policy directory of a dom0 tool, alone (no runtime directory), as it is on
     * disk; a {@code null} legacy directory is the default one.
     */
    public static PolicyTree ofDirectory(Path mainDirectory, Path legacyDirectory) {
        return new PolicyTree(mainDirectory, Optional.empty(),
                legacyDirectory == null ? LoadOptions.DEFAULT_LEGACY_DIRECTORY : legacyDirectory, FileView.real(),
                LoadOptions.DEFAULT_DEADLINE);
    }

    /** This tree seen through {@code view} (made from the current view). */
    public PolicyTree withDisk(FileView view) {
        return new PolicyTree(mainDirectory, runtimeDirectory, legacyDirectory, view, deadline);
    }

    /** The directory of a scope. */
    Path directory(Scope scope) {
        return scope.directory(mainDirectory);
    }

    /** The policy of the main directory as it is, loaded as for evaluation. */
    public LoadResult loadMain() {
        return PolicyLoader.load(mainOnly(disk));
    }

    /** The policy as the daemon loads it now: the runtime directory (where there is one), then the main one. */
    public LoadResult loadEffective() {
        return PolicyLoader.load(runtimeInUse() ? asDaemonSees(disk) : mainOnly(disk));
    }

    /**
     * Whether the daemon reads a runtime directory: one that does not exist is left out
     * of validation (the daemon cannot load without it, but no edit could mend that).
     */
    boolean runtimeInUse() {
        return runtimeDirectory.filter(Files::isDirectory).isPresent();
    }

    /** The main directory alone, as it remains after a reboot empties the runtime directory. */
    LoadOptions mainOnly(FileView view) {
        return new LoadOptions(List.of(mainDirectory), legacyDirectory, false, view, deadline);
    }

    /** The runtime directory, then the main one, as the daemon reads them. */
    LoadOptions asDaemonSees(FileView view) {
        return new LoadOptions(List.of(runtimeDirectory.orElseThrow(), mainDirectory), legacyDirectory, false, view,
                deadline);
    }

    /**
     * The diagnostic, except that a syntax error in a file outside the policy
     * directories (reached through an absolute or {@code ..} include) loses its
     * message: it would quote that file's text to the caller.
     */
    Diagnostic withheld(Diagnostic diagnostic) {
        if (!diagnostic.code().isSyntax() || isTrusted(Path.of(diagnostic.position().file()))) {
            return diagnostic;
        }
        return new Diagnostic(diagnostic.code(), diagnostic.severity(), diagnostic.position(),
                "invalid policy line in a file outside the policy directories (details withheld)", "");
    }

    private boolean isTrusted(Path file) {
        Path normal = file.toAbsolutePath().normalize();
        return normal.startsWith(mainDirectory) || normal.startsWith(legacyDirectory)
                || runtimeDirectory.map(normal::startsWith).orElse(false);
    }
}
