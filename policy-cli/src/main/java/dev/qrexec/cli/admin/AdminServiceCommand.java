package dev.qrexec.cli.admin;

import dev.qrexec.admin.AdminConfig;
import dev.qrexec.admin.AdminLog;
import dev.qrexec.admin.AdminRequest;
import dev.qrexec.admin.PolicyAdmin;
import dev.qrexec.admin.Reply;
import dev.qrexec.cli.ExitCode;
import dev.qrexec.cli.Io;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code qubes-policy-admin}: the qrexec service behind every {@code policy.*} admin
 * service. Like the reference, it takes no options: qrexec tells it the call in the
 * environment and gives it the payload on stdin.
 */
@Command(name = "admin",
        description = {
            "Serve one call of a policy.* admin service as qrexec runs it: the call in "
                    + "QREXEC_SERVICE_FULL_NAME (e.g. policy.Get+30-user), the caller in QREXEC_REMOTE_DOMAIN, "
                    + "the payload on stdin; the reply on stdout, a refusal as KIND MESSAGE on stderr.",
            "Environment: QREXEC_POLICY_DIR (policy directory, default /etc/qubes/policy.d), "
                    + "QREXEC_POLICY_RUNTIME_DIR (runtime directory the daemon also reads; default "
                    + "/run/qubes/policy.d unless QREXEC_POLICY_DIR is set; empty: none), "
                    + "QREXEC_POLICY_LEGACY_DIR (default /etc/qubes-rpc/policy), "
                    + "QREXEC_POLICY_ADMIN_LOG (default /var/log/qubes/policy-admin.log).",
            "Exit status: 0 done, 1 refused, 2 internal error (details in the log).",
            "Command-line arguments are ignored."})
public final class AdminServiceCommand implements Callable<Integer> {
    static final String FULL_NAME = "QREXEC_SERVICE_FULL_NAME";
    static final String REMOTE_DOMAIN = "QREXEC_REMOTE_DOMAIN";

    private final Io io;

    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> ignored;

    public AdminServiceCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        return serve(spec.commandLine().getCommandName());
    }

    /**
     * Serves the call in the environment, as {@code program}; what the launcher runs
     * for {@code qubes-policy-admin}, without a command line: the arguments are never read.
     */
    public int serve(String program) {
        Map<String, String> env = io.env();
        AdminConfig config = AdminConfig.fromEnvironment(env);
        AdminLog log = new AdminLog(config.logFile(), Clock.systemDefaultZone());
        if (env.get(FULL_NAME) == null || env.get(REMOTE_DOMAIN) == null) {
            // run by hand, not by qrexec: say why here, the log may be out of reach
            log.write("not called as a qrexec service: " + FULL_NAME + " or " + REMOTE_DOMAIN + " is not set");
            io.err().println(program + ": error: not called as a qrexec service ("
                    + FULL_NAME + " or " + REMOTE_DOMAIN + " is not set); it serves the policy.* admin services. "
                    + "To list, read or change policy files, use qubes-policy or qubes-policy-editor.");
            return ExitCode.USAGE;
        }
        Reply reply = reply(env, config, log);
        io.out().writeBytes(reply.stdout());
        io.out().flush();
        io.err().writeBytes(reply.stderr());
        io.err().flush();
        return reply.exitCode();
    }

    private Reply reply(Map<String, String> env, AdminConfig config, AdminLog log) {
        String fullName = env.get(FULL_NAME);
        String caller = env.get(REMOTE_DOMAIN);
        AdminRequest request;
        try {
            request = AdminRequest.read(fullName, io.in(), caller);
        } catch (IOException e) {
            log.write(fullName + " (" + caller + "): reading the payload failed", e);
            return new Reply.InternalError(log.file());
        }
        return new PolicyAdmin(config, log).handle(request);
    }
}
