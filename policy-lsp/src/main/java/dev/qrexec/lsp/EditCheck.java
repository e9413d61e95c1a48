package dev.qrexec.lsp;

import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.analysis.PolicyAnalysis;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.load.FileView;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import dev.qrexec.parser.compat.RealPath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The check of one edited file against the whole tree, before the edit is sent: what
 * the language server shows for it. The file's new text is laid over the disk and
 * the tree loaded as the daemon loads it, every problem collected; the result is
 * every error of the tree (any of them makes the daemon deny everything, so the
 * admin service refuses the edit) in load order, then the warnings of the linter
 * about the edited file.
 */
public final class EditCheck {
    private EditCheck() {}

    public static List<Diagnostic> check(List<Path> policyDirectories, Path legacyDirectory, Path file, byte[] content,
                                         Optional<SystemInfo> info) {
        Path canonical = canonical(file);
        LoadOptions options = LoadOptions.defaults().withDirectories(policyDirectories)
                .withLegacyDirectory(legacyDirectory).collectingAll(true)
                .withView(FileView.real().withOverrides(Map.of(canonical, Optional.of(content))));
        LoadResult load = PolicyLoader.load(options);
        List<Diagnostic> out = new ArrayList<>(load.errors());
        List<Diagnostic> warnings = new ArrayList<>(load.diagnostics().stream().filter(d -> !d.isError()).toList());
        warnings.addAll(PolicyAnalysis.analyse(load.tree().rules(), info));
        dev.qrexec.eval.analysis.Suppressions suppressions = dev.qrexec.eval.analysis.Suppressions.of(load.tree().files());
        for (Diagnostic warning : warnings) {
            if (canonical(Path.of(warning.position().file())).equals(canonical) && !suppressions.suppresses(warning)) {
                out.add(warning);
            }
        }
        return out;
    }

    /** A diagnostic as the tools print it: {@code FILE:LINE:COLUMN: SEVERITY: MESSAGE (HINT)}. */
    public static String text(Diagnostic diagnostic) {
        return diagnostic.hint().isEmpty() ? diagnostic.format() : diagnostic.format() + " (" + diagnostic.hint() + ")";
    }

    private static Path canonical(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return FileView.real().realPath(absolute);
        } catch (RealPath.SymlinkLoopException e) {
            return absolute;
        }
    }
}
