package dev.qrexec.cli.daemon;

import dev.qrexec.cli.ExitCode;
import dev.qrexec.cli.Io;
import dev.qrexec.daemon.DaemonLog;
import dev.qrexec.daemon.DaemonSettings;
import dev.qrexec.daemon.PolicyDaemon;
import dev.qrexec.daemon.ProcessSetup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qrexec-policy daemon}, installed as {@code qrexec-policy-daemon}: serves
 * the policy to qrexec-daemon and to qubes until SIGTERM.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Evaluate qrexec policy daemon.",
            "Serves policy.sock (for qrexec-daemon) and the policy.EvalSimple and policy.EvalGUI socket "
                    + "services, reloads the policy whenever it changes, and logs to standard error. "
                    + "Stops on SIGTERM, removing its sockets."})
public final class DaemonCommand implements Callable<Integer> {
    private final Io io;

    @Option(names = {"--policy-dir", "--policy-path"}, paramLabel = "DIR",
            description = "Policy directory, repeatable, in precedence order "
                    + "(default: /run/qubes/policy.d then /etc/qubes/policy.d).")
    List<Path> policyPaths = new ArrayList<>();

    @Option(names = "--socket-path", paramLabel = "PATH", description = "policy.sock (default: ${DEFAULT-VALUE}).")
    Path socketPath = DaemonSettings.DEFAULT_POLICY_SOCKET;

    @Option(names = "--eval-socket-path", paramLabel = "PATH",
            description = "The policy.EvalSimple service socket (default: ${DEFAULT-VALUE}).")
    Path evalSocketPath = DaemonSettings.DEFAULT_EVAL_SOCKET;

    @Option(names = "--gui-socket-path", paramLabel = "PATH",
            description = "The policy.EvalGUI service socket (default: ${DEFAULT-VALUE}).")
    Path guiSocketPath = DaemonSettings.DEFAULT_GUI_SOCKET;

    @Mixin
    FactOptions facts;

    @Option(names = "--qubesd-timeout", paramLabel = "SECONDS",
            description = "Deny when qubesd has not answered within this time (default: 10).")
    double qubesdSeconds = 10;

    @Option(names = "--request-timeout", paramLabel = "SECONDS",
            description = "Drop a client that has not sent its whole request within this time (default: 10).")
    double requestSeconds = 10;

    @Mixin
    AgentOptions agent;

    public DaemonCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        DaemonLog log = new DaemonLog(io.err());
        try {
            DaemonSettings settings = new DaemonSettings(facts.loadOptions(policyPaths),
                    socketPath, evalSocketPath, guiSocketPath, facts.systemInfoFile(), facts.qubesdSocket,
                    agent.settings(), AgentOptions.seconds(requestSeconds), AgentOptions.seconds(qubesdSeconds));
            // The stop hook is in place before the first socket exists: a SIGTERM while the
            // daemon starts waits for the start to end, then closes what it opened, so no
            // socket file is left behind. (A start is bounded: the load has its limits.)
            AtomicReference<PolicyDaemon> running = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                awaitQuietly(started);
                PolicyDaemon daemon = running.get();
                if (daemon != null) {
                    daemon.close();
                }
                log.close();
                stopped.countDown();
            }, "qrexec-policy-shutdown"));
            try {
                running.set(PolicyDaemon.start(settings, log::log, () -> ProcessSetup.joinQubesGroup(log::log)));
            } catch (Exception e) {
                log.log("qrexec-policy-daemon: error: " + e.getMessage());
                return ExitCode.FAILURE;
            } finally {
                started.countDown();
            }
            stopped.await();
            return ExitCode.OK;
        } finally {
            log.close();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
