package dev.qrexec.admin;

import dev.qrexec.parser.compat.PythonRepr;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What an admin service answers, as a qrexec service process reports it: the exit
 * status, the bytes on stdout and the bytes on stderr (never with a trailing newline).
 */
public sealed interface Reply {
    /** Done; {@code output} is the response (empty for Replace and Remove). */
    record Success(byte[] output) implements Reply {
        public Success {
            output = output.clone();
        }
    }

    /** Refused: exit 1, {@code KIND MESSAGE} on stderr. */
    record Refused(Refusal refusal) implements Reply {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
        }
    }

    /** Failed for a reason of dom0's own: exit 2; the details are in the log file only. */
    record InternalError(Path logFile) implements Reply {
        public InternalError {
            Objects.requireNonNull(logFile, "logFile");
        }
    }

    /** 0, 1 or 2. */
    default int exitCode() {
        return switch (this) {
            case Success s -> 0;
            case Refused r -> 1;
            case InternalError e -> 2;
        };
    }

    default byte[] stdout() {
        return switch (this) {
            case Success s -> s.output().clone();
            case Refused r -> new byte[0];
            case InternalError e -> new byte[0];
        };
    }

    default byte[] stderr() {
        String text = switch (this) {
            case Success s -> "";
            case Refused r -> r.refusal().kind().wireName() + " " + r.refusal().message();
            case InternalError e -> "Internal error. See " + PythonRepr.str(e.logFile().toString())
                    + " in dom0 for details.";
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
