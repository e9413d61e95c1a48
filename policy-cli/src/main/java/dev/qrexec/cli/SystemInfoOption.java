package dev.qrexec.cli;

import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.SystemInfoException;
import dev.qrexec.eval.SystemInfoFile;
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

    /** Reads and parses the file ({@link SystemInfoFile}); the exception's message names the file. */
    public SystemInfo load() throws SystemInfoException {
        return SystemInfoFile.read(file, SystemInfoFile.Names.WITH_UUID_ALIASES);
    }
}
