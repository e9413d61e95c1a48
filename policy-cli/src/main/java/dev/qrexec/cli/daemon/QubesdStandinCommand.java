package dev.qrexec.cli.daemon;

import dev.qrexec.cli.ExitCode;
import dev.qrexec.cli.Io;
import dev.qrexec.daemon.QubesdStandin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code qrexec-policy qubesd-standin}: a qubesd for offline use and tests, which
 * answers {@code internal.GetSystemInfo} from a file over qubesd's real protocol.
 */
@Command(name = "qubesd-standin", hidden = true, mixinStandardHelpOptions = true,
        description = {"Serve qubesd's internal.GetSystemInfo from a JSON file on a UNIX socket, over qubesd's "
                + "protocol, until SIGTERM: for running the policy daemon without qubesd, and for tests.",
            "Other calls get an empty answer (admin.vm.CreateDisposable a made-up name)."})
public final class QubesdStandinCommand implements Callable<Integer> {
    private final Io io;

    @Option(names = "--socket", paramLabel = "PATH", required = true, description = "The socket to serve on.")
    Path socket;

    @Option(names = "--system-info", paramLabel = "FILE", required = true,
            description = "The system information to serve ({\"domains\": {...}}).")
    Path systemInfo;

    @Option(names = "--fail-with", paramLabel = "TYPE",
            description = "Misbehave: ${COMPLETION-CANDIDATES} (default: NONE).")
    QubesdStandin.Failure failure = QubesdStandin.Failure.NONE;

    @Option(names = "--delay", paramLabel = "MS",
            description = "Wait this long before each answer (default: 0; eight connections are answered at a time).")
    long delayMillis;

    @Option(names = "--record", paramLabel = "FILE", description = "Append each request's header line to this file.")
    Path record;

    public QubesdStandinCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        byte[] json = Files.readAllBytes(systemInfo);
        QubesdStandin standin;
        try {
            standin = QubesdStandin.start(socket, json, failure, Duration.ofMillis(delayMillis),
                    Optional.ofNullable(record), io.err()::println);
        } catch (IOException e) {
            io.err().println("qubesd-standin: error: " + e.getMessage());
            return ExitCode.FAILURE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            standin.close();
            stopped.countDown();
        }, "qubesd-standin-shutdown"));
        stopped.await();
        return ExitCode.OK;
    }
}
