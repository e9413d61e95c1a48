package dev.qrexec.cli.graph;

import dev.qrexec.daemon.QubesdSystemInfo;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.SystemInfoException;
import dev.qrexec.eval.SystemInfoFile;
import dev.qrexec.parser.compat.OsErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the system information comes from: a file, or qubesd (the default). */
public final class SystemInfoOptions {
    @Option(names = "--system-info", paramLabel = "FILE",
            description = "Read the qubes from FILE (the JSON of qubesd's internal.GetSystemInfo) "
                    + "instead of asking qubesd; used as it is, so uuid: targets name no qube.")
    Path file;

    @Option(names = "--qubesd-socket", paramLabel = "PATH",
            description = "qubesd's internal socket (default: ${DEFAULT-VALUE}).")
    Path socket = QubesdSystemInfo.DEFAULT_SOCKET;

    /**
     * The system information: from the file as it is (without {@code uuid:} aliases,
     * as the reference reads it), or from qubesd with the aliases it adds to qubesd's answer.
     */
    public SystemInfo load() throws SystemInfoException {
        if (file == null) {
            try {
                return QubesdSystemInfo.fetchOnce(socket, Duration.ofSeconds(60));
            } catch (SystemInfoException e) {
                if (Files.exists(socket)) {
                    throw e;
                }
                throw new SystemInfoException(e.getMessage() + " (without qubesd, give the qubes with --system-info "
                        + "FILE: the JSON of qubesd's internal.GetSystemInfo)", e);
            }
        }
        try {
            return SystemInfoFile.read(file, SystemInfoFile.Names.VERBATIM);
        } catch (SystemInfoException e) {
            if (e.getCause() instanceof IOException unreadable) {
                // the words qrexec-policy-graph has always used for a file it cannot open (tests pin them)
                throw new SystemInfoException("cannot read system information file: "
                        + OsErrors.describe(unreadable, file.toString()), e);
            }
            throw e;
        }
    }
}
