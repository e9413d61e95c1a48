package dev.qrexec.daemon;

import dev.qrexec.eval.Reply;
import dev.qrexec.eval.ReplyFormatter;
import dev.qrexec.eval.Resolution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Starts an allowed call the way the deprecated five-argument
 * {@code qrexec-policy-exec} does, but using the typed reply as qrexec-daemon uses its lines:
 * the {@code requested_target} in dom0's descriptor, the replacement
 * {@code service=} of a RemoteVM, the {@code policy_source=} of a relayed call, a
 * new disposable created from its template, and a qube started only with
 * {@code autostart=True}. Then runs
 * {@code qrexec-client FLAGS TARGET -c IDENT,SOURCE,DOMID -- COMMAND} and returns its
 * exit status.
 */
public final class LegacyExecution {
    /** The exit status of a call that could not be started. */
    public static final int FAILED = 1;
    public static final Path DEFAULT_ADMIN_SOCKET = Path.of("/var/run/qubesd.sock");
    private static final byte[] NO_PAYLOAD = new byte[0];

    private final Path qrexecClient;
    private final Qubesd qubesd;

    public LegacyExecution(Path qrexecClient, Qubesd qubesd) {
        this.qrexecClient = qrexecClient;
        this.qubesd = qubesd;
    }

    public int run(String domainId, String source, String serviceAndArgument, String processIdent, Reply.Call call,
            Consumer<String> log) {
        String service = call.target() instanceof Resolution.RemoteRelay relay ? relay.service() : serviceAndArgument;
        String caller = call.policySource().orElse(source);
        String requested = call.requestedTarget();
        String target = ReplyFormatter.targetName(call);
        try {
            String executionTarget;
            String command;
            boolean disposable = call.target() instanceof Resolution.NewDisposable;
            switch (call.target()) {
                case Resolution.Dom0 dom0 -> {
                    executionTarget = "dom0";
                    command = "QUBESRPC " + service + " " + caller + " "
                            + (requested.startsWith("@") ? "keyword " + requested.substring(1) : "name " + requested);
                }
                case Resolution.NewDisposable template -> {
                    command = call.userOrDefault() + ":QUBESRPC " + service + " " + caller;
                    executionTarget = new String(qubesd.call("admin.vm.CreateDisposable", "", template.template(),
                            NO_PAYLOAD), StandardCharsets.UTF_8).strip();
                    qubesd.call("admin.vm.Start", "", executionTarget, NO_PAYLOAD);
                }
                case Resolution.Qube qube -> {
                    command = call.userOrDefault() + ":QUBESRPC " + service + " " + caller;
                    executionTarget = uuidOr(call, target);
                    startIfAllowed(call, executionTarget);
                }
                case Resolution.RemoteRelay relay -> {
                    command = call.userOrDefault() + ":QUBESRPC " + service + " " + caller;
                    executionTarget = uuidOr(call, target);
                    startIfAllowed(call, executionTarget);
                }
            }
            List<String> argv = List.of(qrexecClient.toString(), disposable ? "-EWkd" : "-Ed", executionTarget,
                    "-c", processIdent + "," + source + "," + domainId, "--", command);
            return new ProcessBuilder(argv).inheritIO().start().waitFor();
        } catch (IOException e) {
            log.accept("qrexec-policy-exec: error: cannot start " + service + " in " + target + ": " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    /** The {@code uuid:} form the reply names the target by, else its name. */
    private static String uuidOr(Reply.Call call, String target) {
        return call.targetUuid().map(uuid -> "uuid:" + uuid).orElse(target);
    }

    private void startIfAllowed(Reply.Call call, String executionTarget) throws IOException {
        if (call.autostart()) {
            qubesd.call("admin.vm.Start", "", executionTarget, NO_PAYLOAD);
        }
    }
}
