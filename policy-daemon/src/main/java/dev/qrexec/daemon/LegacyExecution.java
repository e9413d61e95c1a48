package dev.qrexec.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts an allowed call the way the deprecated five-argument
 * {@code qrexec-policy-exec} does, but using the reply as qrexec-daemon uses it:
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
    private static final String DISPVM_PREFIX = "@dispvm:";
    private static final byte[] NO_PAYLOAD = new byte[0];

    private final Path qrexecClient;
    private final Qubesd qubesd;

    public LegacyExecution(Path qrexecClient, Qubesd qubesd) {
        this.qrexecClient = qrexecClient;
        this.qubesd = qubesd;
    }

    public int run(String domainId, String source, String serviceAndArgument, String processIdent, String reply,
            Consumer<String> log) {
        Map<String, String> fields = new HashMap<>();
        for (String line : reply.split("\n")) {
            int equals = line.indexOf('=');
            if (equals < 0 || fields.putIfAbsent(line.substring(0, equals), line.substring(equals + 1)) != null) {
                log.accept("qrexec-policy-exec: error: malformed policy reply line: " + line);
                return FAILED;
            }
        }
        String target = fields.getOrDefault("target", "");
        String service = fields.getOrDefault("service", serviceAndArgument);
        String caller = fields.getOrDefault("policy_source", source);
        String requested = fields.getOrDefault("requested_target", "");
        try {
            String executionTarget;
            String command;
            boolean disposable = target.startsWith(DISPVM_PREFIX);
            if (target.equals("dom0")) {
                executionTarget = "dom0";
                command = "QUBESRPC " + service + " " + caller + " "
                        + (requested.startsWith("@") ? "keyword " + requested.substring(1) : "name " + requested);
            } else {
                String user = fields.getOrDefault("user", "");
                command = (user.isEmpty() ? "DEFAULT" : user) + ":QUBESRPC " + service + " " + caller;
                if (disposable) {
                    executionTarget = new String(qubesd.call("admin.vm.CreateDisposable", "",
                            target.substring(DISPVM_PREFIX.length()), NO_PAYLOAD), StandardCharsets.UTF_8).strip();
                } else {
                    executionTarget = fields.getOrDefault("target_uuid", target);
                }
                if (disposable || "True".equals(fields.get("autostart"))) {
                    qubesd.call("admin.vm.Start", "", executionTarget, NO_PAYLOAD);
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
}
