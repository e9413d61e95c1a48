package dev.qrexec.parser.load;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.compat.OsErrors;
import dev.qrexec.parser.compat.StrictUtf8;
import dev.qrexec.parser.text.PolicyFileParser;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one policy file: its bytes, strictly decoded as UTF-8, parsed in a syntax.
 * Touches no state of a load, so that files can be read on several threads at once;
 * the loader reports the outcome's error where the file comes in load order.
 */
final class PolicyFileReader {
    private PolicyFileReader() {}

    /** The parsed file, or the error that kept it from being read (exactly one is non-null). */
    record Outcome(PolicyFile file, Diagnostic error) {}

    /** Reads and parses the file at {@code path}. */
    static Outcome read(FileView view, String path, Syntax syntax) {
        byte[] bytes;
        try {
            bytes = view.read(Path.of(path));
        } catch (IOException e) {
            return failed(Code.LOAD_FAILED, Position.of(path),
                    "failed to load " + path + " file: " + OsErrors.describe(e, path));
        } catch (OutOfMemoryError e) {
            return failed(Code.LOAD_FAILED, Position.of(path), "failed to load " + path + " file: too large");
        }
        if (bytes.length > PolicyLoader.MAX_FILE_BYTES) {
            return failed(Code.LOAD_FAILED, Position.of(path),
                    "failed to load " + path + " file: larger than " + PolicyLoader.MAX_FILE_BYTES + " bytes");
        }
        try {
            return new Outcome(PolicyFileParser.parse(path, bytes, syntax), null);
        } catch (StrictUtf8.Invalid e) {
            return failed(Code.INVALID_UTF8, e.position(path, bytes), "invalid UTF-8 in policy file");
        }
    }

    private static Outcome failed(Code code, Position position, String message) {
        return new Outcome(null, Diagnostic.error(code, position, message));
    }
}
