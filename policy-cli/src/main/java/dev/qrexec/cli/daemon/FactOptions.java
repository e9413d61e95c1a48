package dev.qrexec.cli.daemon;

import dev.qrexec.daemon.DaemonSettings;
import dev.qrexec.parser.load.LoadOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the daemon and exec find their facts besides the policy directories: the
 * legacy directory, and the system information (qubesd, or a file offline).
 */
public final class FactOptions {
    @Option(names = "--legacy-dir", paramLabel = "DIR",
            description = "The R4.0 directory read by !compat-4.0 (default: /etc/qubes-rpc/policy).")
    Path legacyDirectory;

    @Option(names = "--system-info", paramLabel = "FILE",
            description = "Read the system information from this JSON file instead of asking qubesd.")
    Path systemInfo;

    @Option(names = "--qubesd-socket", paramLabel = "PATH",
            description = "qubesd's internal socket (default: /var/run/qubesd.internal.sock).")
    Path qubesdSocket = DaemonSettings.DEFAULT_QUBESD_SOCKET;

    /** Loading options for these policy directories (the defaults when none) and the legacy directory. */
    LoadOptions loadOptions(List<Path> policyDirectories) {
        return LoadOptions.defaults().withDirectories(policyDirectories).withLegacyDirectory(legacyDirectory);
    }

    Optional<Path> systemInfoFile() {
        return Optional.ofNullable(systemInfo);
    }
}
