package dev.qrexec.daemon;

import dev.qrexec.parser.load.LoadOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the daemon is told at startup.
 *
 * @param policy          the policy directories and the legacy directory
 * @param policySocket    {@code policy.sock}, for qrexec-daemon
 * @param evalSocket      the {@code policy.EvalSimple} socket service
 * @param guiSocket       the {@code policy.EvalGUI} socket service
 * @param systemInfoFile  system information from this file instead of qubesd
 * @param qubesdSocket    qubesd's internal socket
 * @param agent           how the policy agents of GUI qubes are reached
 * @param requestTimeout  how long a client may take to send its request
 * @param qubesdTimeout   how long qubesd may take to answer
 */
public record DaemonSettings(LoadOptions policy, Path policySocket, Path evalSocket, Path guiSocket,
                             Optional<Path> systemInfoFile, Path qubesdSocket, AgentSettings agent,
                             Duration requestTimeout, Duration qubesdTimeout) {
    public static final Path DEFAULT_POLICY_SOCKET = Path.of("/var/run/qubes/policy.sock");
    public static final Path DEFAULT_EVAL_SOCKET = Path.of("/etc/qubes-rpc/policy.EvalSimple");
    public static final Path DEFAULT_GUI_SOCKET = Path.of("/etc/qubes-rpc/policy.EvalGUI");
    public static final Path DEFAULT_QUBESD_SOCKET = Path.of("/var/run/qubesd.internal.sock");

    public DaemonSettings {
        Objects.requireNonNull(policy);
        Objects.requireNonNull(policySocket);
        Objects.requireNonNull(evalSocket);
        Objects.requireNonNull(guiSocket);
        Objects.requireNonNull(systemInfoFile);
        Objects.requireNonNull(qubesdSocket);
        Objects.requireNonNull(agent);
        requirePositive(requestTimeout);
        requirePositive(qubesdTimeout);
    }

    static Duration requirePositive(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: " + duration);
        }
        return duration;
    }

    /**
     * How the GUI qubes' policy agents are reached.
     *
     * @param socketDirectory where {@code policy.Ask} and {@code policy.Notify} are for dom0
     * @param qrexecClient    the program that calls them in other qubes
     * @param askTimeout      how long a prompt may stay unanswered before the call is denied
     * @param notifyTimeout   how long a notification may take
     */
    public record AgentSettings(Path socketDirectory, Path qrexecClient, Duration askTimeout, Duration notifyTimeout) {
        public AgentSettings {
            Objects.requireNonNull(socketDirectory);
            Objects.requireNonNull(qrexecClient);
            requirePositive(askTimeout);
            requirePositive(notifyTimeout);
        }

        /** The reference's places, with a five-minute prompt and a ten-second notification limit. */
        public static AgentSettings defaults() {
            return new AgentSettings(AgentTransport.DEFAULT_SOCKET_DIRECTORY, AgentTransport.DEFAULT_QREXEC_CLIENT,
                    Duration.ofMinutes(5), Duration.ofSeconds(10));
        }

        public AgentTransport transport(Watchdog watchdog) {
            return new AgentTransport(socketDirectory, qrexecClient, askTimeout, notifyTimeout, watchdog);
        }
    }
}
