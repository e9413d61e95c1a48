package dev.qrexec.parser.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Position;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A scratch policy tree for loader tests: {@code run/} and {@code etc/} as the policy
 * directories (in that order) and {@code legacy/} as the R4.0 directory, under a
 * temporary root given by its real path, so that resolved paths are predictable.
 */
final class PolicyDirs {
    final Path root;

    PolicyDirs(Path temporary) {
        try {
            root = temporary.toRealPath();
            for (String dir : List.of("run", "etc", "legacy")) {
                Files.createDirectories(root.resolve(dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The absolute path of {@code relative} under the root, as text. */
    String path(String relative) {
        return root.resolve(relative).toString();
    }

    /** Writes a UTF-8 file, creating its directory. */
    PolicyDirs file(String relative, String text) {
        return bytes(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    PolicyDirs bytes(String relative, byte[] content) {
        try {
            Path path = root.resolve(relative);
            Files.createDirectories(path.getParent());
            Files.write(path, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PolicyDirs directory(String relative) {
        try {
            Files.createDirectories(root.resolve(relative));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A symlink at {@code relative} pointing to {@code target}, written as given. */
    PolicyDirs symlink(String relative, String target) {
        try {
            Path link = root.resolve(relative);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, Path.of(target));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LoadOptions options() {
        return LoadOptions.defaults()
                .withDirectories(List.of(root.resolve("run"), root.resolve("etc")))
                .withLegacyDirectory(root.resolve("legacy"));
    }

    /** Loads as evaluation does: stop at the first error. */
    LoadResult load() {
        return PolicyLoader.load(options());
    }

    /** Loads in diagnostics mode: every error in load order. */
    LoadResult loadAll() {
        return PolicyLoader.load(options().collectingAll(true));
    }

    /** Each rule as {@code FILE:LINE RULE-TEXT}, FILE relative to the root. */
    List<String> rules(LoadResult result) {
        return result.tree().rules().stream()
                .map(r -> relative(r.position().file()) + ":" + r.position().lineText() + " " + r.text())
                .toList();
    }

    private String relative(String file) {
        Path path = Path.of(file);
        return path.startsWith(root) ? root.relativize(path).toString() : file;
    }

    /** Loads successfully (without errors) and returns the rules as {@link #rules}. */
    List<String> loadedRules() {
        LoadResult result = load();
        assertTrue(result.ok(), () -> "expected the policy to load: " + result.diagnostics());
        assertEquals(result.tree().rules(), loadAll().tree().rules(), "both modes load the same rules");
        return rules(result);
    }

    /**
     * Asserts that loading stops at exactly this error (file relative to the root), in
     * both modes: alone when stopping at the first error, first in diagnostics mode.
     * Returns the diagnostic.
     */
    Diagnostic assertFirstError(Code code, String file, int line, int column, String message) {
        LoadResult result = load();
        assertEquals(1, result.diagnostics().stream().filter(Diagnostic::isError).count(),
                () -> "one error expected: " + result.diagnostics());
        Diagnostic d = result.firstError().orElseThrow();
        assertEquals(message, d.message(), () -> "message of " + d);
        assertEquals(new Position(path(file), line, column), d.position(), () -> "position of " + d);
        assertEquals(code, d.code(), () -> "code of " + d);
        assertEquals(d, loadAll().firstError().orElseThrow(), "diagnostics mode has the same first error");
        return d;
    }

    /** Every diagnostic of diagnostics mode as {@code FILE:LINE:COLUMN: severity: message}, FILE relative. */
    List<String> allDiagnostics() {
        return loadAll().diagnostics().stream()
                .map(d -> relative(d.position().file()) + ":" + d.position().line() + ":" + d.position().column()
                        + ": " + d.severity().word() + ": " + d.message())
                .toList();
    }
}
