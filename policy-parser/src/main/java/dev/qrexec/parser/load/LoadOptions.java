package dev.qrexec.parser.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how to load a policy.
 *
 * @param policyDirectories the policy directories in precedence order (a file name in
 *                          an earlier directory hides the same name in later ones)
 * @param legacyDirectory   the R4.0 directory that {@code !compat-4.0} reads
 * @param collectAll        false: stop at the first error, as evaluation does;
 *                          true: go on and report every error in load order
 * @param view              the file system as the loader sees it
 * @param deadline          how long a load may take: one that has not finished by
 *                          then (a file system that stops answering, a file swapped
 *                          for a FIFO after it was checked) ends as a load error
 */
public record LoadOptions(List<Path> policyDirectories, Path legacyDirectory, boolean collectAll, FileView view,
                          Duration deadline) {
    /** {@code /run/qubes/policy.d}, then {@code /etc/qubes/policy.d}. */
    public static final List<Path> DEFAULT_DIRECTORIES =
            List.of(Path.of("/run/qubes/policy.d"), Path.of("/etc/qubes/policy.d"));
    /** {@code /etc/qubes-rpc/policy}. */
    public static final Path DEFAULT_LEGACY_DIRECTORY = Path.of("/etc/qubes-rpc/policy");
    /**
     * Thirty seconds: a cold load of a 100,000-rule tree takes about one, so only a
     * read that does not return ever takes this long.
     */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    public LoadOptions {
        policyDirectories = List.copyOf(policyDirectories);
        Objects.requireNonNull(legacyDirectory, "legacyDirectory");
        Objects.requireNonNull(view, "view");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive: " + deadline);
        }
    }

    /** These directories and view, with the {@linkplain #DEFAULT_DEADLINE default deadline}. */
    public LoadOptions(List<Path> policyDirectories, Path legacyDirectory, boolean collectAll, FileView view) {
        this(policyDirectories, legacyDirectory, collectAll, view, DEFAULT_DEADLINE);
    }

    /** The system's directories, first error only, the real file system. */
    public static LoadOptions defaults() {
        return new LoadOptions(DEFAULT_DIRECTORIES, DEFAULT_LEGACY_DIRECTORY, false, FileView.real());
    }

    /** These policy directories; the defaults when the list is empty. */
    public LoadOptions withDirectories(List<Path> directories) {
        return new LoadOptions(directories.isEmpty() ? DEFAULT_DIRECTORIES : directories, legacyDirectory,
                collectAll, view, deadline);
    }

    public LoadOptions withLegacyDirectory(Path directory) {
        return new LoadOptions(policyDirectories, directory == null ? DEFAULT_LEGACY_DIRECTORY : directory,
                collectAll, view, deadline);
    }

    public LoadOptions collectingAll(boolean all) {
        return new LoadOptions(policyDirectories, legacyDirectory, all, view, deadline);
    }

    public LoadOptions withView(FileView newView) {
        return new LoadOptions(policyDirectories, legacyDirectory, collectAll, newView, deadline);
    }

    public LoadOptions withDeadline(Duration newDeadline) {
        return new LoadOptions(policyDirectories, legacyDirectory, collectAll, view, newDeadline);
    }
}
