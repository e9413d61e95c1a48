package dev.qrexec.bench;

import dev.qrexec.parser.load.FileView;
import dev.qrexec.parser.load.LoadOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A policy tree that {@link PolicyGenerator} wrote.
 *
 * @param root              the directory holding everything
 * @param policyDirectories the policy directories in precedence order ({@code run}, then {@code etc})
 * @param legacyDirectory   the R4.0 directory that {@code !compat-4.0} reads
 * @param rules             how many rules loading the tree gives
 * @param files             how many files loading the tree reads
 * @param bytes             the size of those files
 * @param calls             every {@code SERVICE} and {@code SERVICE+ARGUMENT} the rules name
 * @param system            the qubes the rules name
 */
public record GeneratedPolicy(Path root, List<Path> policyDirectories, Path legacyDirectory, int rules, int files,
                              long bytes, List<String> calls, GeneratedSystem system) {
    public GeneratedPolicy {
        Objects.requireNonNull(root, "root");
        policyDirectories = List.copyOf(policyDirectories);
        Objects.requireNonNull(legacyDirectory, "legacyDirectory");
        calls = List.copyOf(calls);
        Objects.requireNonNull(system, "system");
    }

    /** How to load the tree: its directories, first error only, the real file system. */
    public LoadOptions loadOptions() {
        return new LoadOptions(policyDirectories, legacyDirectory, false, FileView.real());
    }
}
