package dev.qrexec.cli.toolkit;

import dev.qrexec.cli.Io;
import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.SystemInfoException;
import dev.qrexec.eval.SystemInfoFile;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loading for the policy authors' tools: a policy that does not load is reported with
 * every error ({@code FILE:LINE:COLUMN: error: MESSAGE}) on standard error, and the
 * command ends with exit status 3.
 */
final class PolicyLoading {
    private PolicyLoading() {}

    /** The compiled policy, or empty after printing why it does not load. */
    static Optional<CompiledPolicy> load(LoadOptions options, Io io, String command) {
        LoadResult result = PolicyLoader.load(options.collectingAll(true));
        if (!result.ok()) {
            io.err().println(command + ": error: the policy does not load:");
            for (Diagnostic d : result.errors()) {
                io.err().println(d.format());
            }
            return Optional.empty();
        }
        return Optional.of(CompiledPolicy.compile(result));
    }

    /** The system information in {@code file}, or empty after printing why it cannot be read. */
    static Optional<SystemInfo> systemInfo(Path file, Io io, String command) {
        try {
            return Optional.of(SystemInfoFile.read(file, SystemInfoFile.Names.WITH_UUID_ALIASES));
        } catch (SystemInfoException e) {
            io.err().println(command + ": error: " + e.getMessage());
        }
        return Optional.empty();
    }
}
