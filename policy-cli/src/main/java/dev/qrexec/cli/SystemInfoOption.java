package dev.qrexec.cli;

import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.SystemInfoException;
import dev.qrexec.parser.IoReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --system-info FILE}: the JSON of qubesd's internal.GetSystemInfo, read from a file. */
public final class SystemInfoOption {
    @Option(names = "--system-info", paramLabel = "FILE", required = true,
            description = "The system information as qubesd's internal.GetSystemInfo returns it (JSON).")
    Path file;

    /** The file given. */
    public Path file() {
        return file;
    }

    /** Reads and parses the file; the exception's message names the file. */
    public SystemInfo load() throws SystemInfoException {
        try {
            return SystemInfo.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new SystemInfoException("cannot read the system information " + file + ": " + IoReason.of(e), e);
        } catch (SystemInfoException e) {
            throw new SystemInfoException("cannot read the system information " + file + ": " + e.getMessage(), e);
        }
    }
}
