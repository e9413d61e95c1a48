package dev.qrexec.cli;

import dev.qrexec.parser.load.LoadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the policy is: the options shared by every command that loads one. */
public final class PolicyOptions {
    @Option(names = "--policy-dir", paramLabel = "DIR",
            description = "Policy directory, repeatable, in precedence order "
                    + "(default: /run/qubes/policy.d then /etc/qubes/policy.d).")
    List<Path> policyDirectories = new ArrayList<>();

    @Option(names = "--legacy-dir", paramLabel = "DIR",
            description = "The R4.0 directory read by !compat-4.0 (default: /etc/qubes-rpc/policy).")
    Path legacyDirectory;

    /** Loading options for these directories, stopping at the first error. */
    public LoadOptions loadOptions() {
        return LoadOptions.defaults().withDirectories(policyDirectories).withLegacyDirectory(legacyDirectory);
    }
}
