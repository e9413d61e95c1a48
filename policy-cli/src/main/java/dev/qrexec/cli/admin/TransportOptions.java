package dev.qrexec.cli.admin;

import dev.qrexec.admin.AdminConfig;
import dev.qrexec.admin.AdminLog;
import dev.qrexec.admin.LocalTransport;
import dev.qrexec.admin.PolicyAdmin;
import dev.qrexec.admin.QrexecTransport;
import dev.qrexec.admin.Transport;
import dev.qrexec.cli.Io;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** How the admin clients reach the policy.* services: the options they share. */
public final class TransportOptions {
    /** dom0's local qrexec client; where it exists, this is dom0. */
    static final Path QREXEC_CLIENT = Path.of("/usr/bin/qrexec-client");

    /** The ways to reach the services. */
    enum Kind { auto, local, qrexec }

    @Option(names = "--transport", paramLabel = "KIND",
            description = "local: run the services in this process (in dom0; honours QREXEC_POLICY_DIR); "
                    + "qrexec: call them in dom0 through the qrexec client (from a qube); "
                    + "auto (default): qrexec where the qrexec client exists and this is not dom0, else local.")
    Kind kind = Kind.auto;

    @Option(names = "--qrexec-client-vm", paramLabel = "PROGRAM",
            description = "The qrexec client, called as PROGRAM -- dom0 SERVICE[+ARGUMENT] "
                    + "(default: /usr/bin/qrexec-client-vm).")
    Path program = QrexecTransport.QREXEC_CLIENT_VM;

    @Option(names = "--policy-dir", paramLabel = "DIR",
            description = "Edit the policy in DIR in this process, as the services would (implies --transport "
                    + "local; default: QREXEC_POLICY_DIR, else /etc/qubes/policy.d).")
    Path policyDirectory;

    /** The transport these options choose. */
    Transport transport(Io io) {
        if (viaQrexec()) {
            return new QrexecTransport(program, io.env());
        }
        return local(environment(io));
    }

    /** The environment of the services run here: {@code --policy-dir} sets their policy directory. */
    private Map<String, String> environment(Io io) {
        if (policyDirectory == null) {
            return io.env();
        }
        Map<String, String> env = new HashMap<>(io.env());
        env.put(AdminConfig.POLICY_DIR, policyDirectory.toString());
        return env;
    }

    private static Transport local(Map<String, String> env) {
        AdminConfig config = AdminConfig.fromEnvironment(env);
        return new LocalTransport(new PolicyAdmin(config, new AdminLog(config.logFile(), Clock.systemDefaultZone())),
                QrexecTransport.DESTINATION);
    }

    private boolean viaQrexec() {
        return policyDirectory == null && switch (kind) {
            case local -> false;
            case qrexec -> true;
            case auto -> Files.isExecutable(program) && !Files.exists(QREXEC_CLIENT);
        };
    }

    /** The whole-tree check of an edit before it is sent through {@code transport}. */
    Precheck precheck(Io io, Transport transport) {
        if (viaQrexec()) {
            String tmpdir = io.env().getOrDefault("TMPDIR", "");
            return Precheck.mirrored(new dev.qrexec.admin.PolicyClient(transport),
                    Path.of(tmpdir.isEmpty() ? "/tmp" : tmpdir));
        }
        return Precheck.local(AdminConfig.fromEnvironment(environment(io)));
    }
}
