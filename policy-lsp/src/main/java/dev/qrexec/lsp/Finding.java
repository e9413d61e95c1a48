package dev.qrexec.lsp;

import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Severity;
import java.util.Objects;

/**
 * One diagnostic as the server publishes it: the library's {@link Diagnostic} with
 * its code, or one of the server's own notes (an include whose file has errors, a
 * policy the daemon cannot load, a file the policy does not read).
 *
 * @param code     the code shown by the editor ({@link dev.qrexec.parser.Code#id()} or the server's own)
 * @param line     1-based; 0 for the whole file
 * @param column   1-based in code points; 0 for the whole file
 * @param source   the library's diagnostic when the finding is one, else null
 */
record Finding(String code, Severity severity, int line, int column, String message, Diagnostic source) {
    /** Code of the note on an include line whose file (or what it includes) has errors. */
    static final String INCLUDED_ERRORS = "included-file-errors";
    /** Code of the note in every open file while the policy does not load. */
    static final String POLICY_DENIES_ALL = "policy-denies-all";
    /** Code of the note on a file that no policy file reads. */
    static final String NOT_IN_POLICY = "not-in-policy";

    Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    static Finding of(Diagnostic diagnostic) {
        String message = diagnostic.hint().isEmpty()
                ? diagnostic.message()
                : diagnostic.message() + " (" + diagnostic.hint() + ")";
        return new Finding(diagnostic.code().id(), diagnostic.severity(), diagnostic.position().line(),
                diagnostic.position().column(), message, diagnostic);
    }

    Finding withMessage(String newMessage) {
        return new Finding(code, severity, line, column, newMessage, source);
    }
}
