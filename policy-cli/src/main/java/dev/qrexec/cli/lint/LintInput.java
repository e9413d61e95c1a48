package dev.qrexec.cli.lint;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Position;
import dev.qrexec.parser.compat.OsErrors;
import dev.qrexec.parser.compat.StrictUtf8;
import dev.qrexec.parser.load.PolicyLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Reads a file to lint, or standard input for {@code -}: at most
 * {@link PolicyLoader#MAX_FILE_BYTES} bytes of strict UTF-8. Whatever prevents
 * reading it becomes one error at line 0 (or at the line of the first invalid
 * byte), never an exception.
 */
final class LintInput {
    private static final String STDIN = "-";

    private LintInput() {}

    /** The text of {@code label}. */
    static String read(String label, InputStream stdin) throws Unreadable {
        byte[] bytes;
        if (label.equals(STDIN)) {
            try {
                bytes = stdin.readNBytes(PolicyLoader.MAX_FILE_BYTES + 1);
            } catch (IOException e) {
                throw new Unreadable(label, 0, Code.LOAD_FAILED, "cannot read standard input: " + e.getMessage());
            }
        } else {
            Path path;
            try {
                path = Path.of(label);
            } catch (InvalidPathException e) {
                throw new Unreadable(label, 0, Code.LOAD_FAILED, "File does not exist.");
            }
            if (!Files.exists(path)) {
                throw new Unreadable(label, 0, Code.LOAD_FAILED, "File does not exist.");
            }
            if (Files.isDirectory(path)) {
                throw new Unreadable(label, 0, Code.LOAD_FAILED, "cannot read file: it is a directory "
                        + "(to check a policy directory with its includes, use --tree)");
            }
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes(PolicyLoader.MAX_FILE_BYTES + 1);
            } catch (IOException e) {
                throw new Unreadable(label, 0, Code.LOAD_FAILED, "cannot read file: " + OsErrors.describe(e, label));
            }
        }
        if (bytes.length > PolicyLoader.MAX_FILE_BYTES) {
            throw new Unreadable(label, 0, Code.LOAD_FAILED,
                    "file too large: more than " + PolicyLoader.MAX_FILE_BYTES + " bytes");
        }
        try {
            return StrictUtf8.decode(bytes);
        } catch (StrictUtf8.Invalid e) {
            throw new Unreadable(label, e.line(bytes), Code.INVALID_UTF8, "invalid UTF-8 in policy file");
        }
    }

    /** Why a file cannot be linted, as the one error reported for it. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Diagnostic diagnostic;

        Unreadable(String label, int line, Code code, String message) {
            super(message, null, false, false);
            this.diagnostic = Diagnostic.error(code, new Position(label, line, 0), message);
        }

        Diagnostic diagnostic() {
            return diagnostic;
        }
    }
}
