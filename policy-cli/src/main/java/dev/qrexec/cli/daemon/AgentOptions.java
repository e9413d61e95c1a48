package dev.qrexec.cli.daemon;

import dev.qrexec.daemon.AgentTransport;
import dev.qrexec.daemon.DaemonSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the GUI qubes' policy agents are and how long they may take: shared by the daemon and exec. */
public final class AgentOptions {
    @Option(names = "--agent-socket-dir", paramLabel = "DIR",
            description = "Where the policy.Ask and policy.Notify sockets of dom0's agent are "
                    + "(default: /etc/qubes-rpc).")
    Path socketDirectory = AgentTransport.DEFAULT_SOCKET_DIRECTORY;

    @Option(names = "--qrexec-client", paramLabel = "PROGRAM",
            description = "The program that calls policy.Ask, policy.Notify and services in other qubes "
                    + "(default: /usr/lib/qubes/qrexec-client).")
    Path qrexecClient = AgentTransport.DEFAULT_QREXEC_CLIENT;

    @Option(names = "--ask-timeout", paramLabel = "SECONDS",
            description = "Deny when the user has not answered a prompt within this time (default: 300).")
    double askSeconds = 300;

    @Option(names = "--notify-timeout", paramLabel = "SECONDS",
            description = "Give up a notification after this time (default: 10).")
    double notifySeconds = 10;

    DaemonSettings.AgentSettings settings() {
        return new DaemonSettings.AgentSettings(socketDirectory, qrexecClient, seconds(askSeconds),
                seconds(notifySeconds));
    }

    static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
