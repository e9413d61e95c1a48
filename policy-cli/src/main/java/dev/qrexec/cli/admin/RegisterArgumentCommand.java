package dev.qrexec.cli.admin;

import dev.qrexec.admin.AdminConfig;
import dev.qrexec.admin.AdminLog;
import dev.qrexec.admin.ArgumentRegistration;
import dev.qrexec.cli.ExitCode;
import dev.qrexec.cli.Io;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code policy.RegisterArgument}: the qrexec service with which a backend qube
 * registers an argument of one of its services for a frontend qube. It writes nothing
 * on stdout or stderr, which reach the caller; the outcome is in its log and exit status.
 */
@Command(name = "register-argument",
        description = {
            "Serve policy.RegisterArgument: append SERVICE +ARGUMENT FRONTEND BACKEND allow to "
                    + "60-registered-arguments.policy, where SERVICE is QREXEC_SERVICE_ARGUMENT, FRONTEND "
                    + "QREXEC_REQUESTED_TARGET, BACKEND QREXEC_REMOTE_DOMAIN and ARGUMENT stdin (at most 64 "
                    + "bytes of A-Z a-z 0-9 - . _), unless the argument is registered already or the policy "
                    + "would not load.",
            "Environment: as the admin service, and QREXEC_POLICY_REGISTER_LOG "
                    + "(default /var/log/qubes/policy-register.log).",
            "Exit status: 0 registered, 1 refused. Nothing is printed."})
public final class RegisterArgumentCommand implements Callable<Integer> {
    private final Io io;

    @Unmatched
    List<String> ignored;

    public RegisterArgumentCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Map<String, String> env = io.env();
        AdminLog log = new AdminLog(Path.of(env.getOrDefault(ArgumentRegistration.REGISTER_LOG,
                ArgumentRegistration.DEFAULT_LOG_FILE.toString())), Clock.systemDefaultZone());
        boolean registered = new ArgumentRegistration(AdminConfig.fromEnvironment(env), log).register(
                env.getOrDefault("QREXEC_SERVICE_ARGUMENT", ""),
                env.getOrDefault("QREXEC_REQUESTED_TARGET", ""),
                env.getOrDefault(AdminServiceCommand.REMOTE_DOMAIN, ""),
                io.in());
        return registered ? ExitCode.OK : ExitCode.FAILURE;
    }
}
