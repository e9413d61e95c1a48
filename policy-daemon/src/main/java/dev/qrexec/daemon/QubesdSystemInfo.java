package dev.qrexec.daemon;

import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.SharedFetch;
import dev.qrexec.eval.SystemInfoCache;
import dev.qrexec.eval.SystemInfoException;
import dev.qrexec.eval.SystemInfoSource;
import dev.qrexec.eval.SystemInfoFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * System information from qubesd's {@code internal.GetSystemInfo}, asked for every
 * request as the reference does (qubesd keeps its answer cached); an answer
 * identical to the last one is not parsed again.
 */
public final class QubesdSystemInfo implements SystemInfoSource {
    /** The socket qubesd serves {@code internal.*} calls on. */
    public static final Path DEFAULT_SOCKET = Path.of("/var/run/qubesd.internal.sock");

    private static final byte[] NO_PAYLOAD = new byte[0];

    private final Qubesd qubesd;
    private final SystemInfoCache parsed = new SystemInfoCache();

    QubesdSystemInfo(Qubesd qubesd) {
        this.qubesd = qubesd;
    }

    @Override
    public SystemInfo get() throws SystemInfoException {
        try {
            return parsed.parse(qubesd.call("internal.GetSystemInfo", "", "dom0", NO_PAYLOAD));
        } catch (IOException e) {
            throw new SystemInfoException(e.getMessage(), e);
        }
    }

    /**
     * Asks qubesd at {@code socket} once, giving up after {@code timeout}: for the
     * commands that need the system information a single time.
     */
    public static SystemInfo fetchOnce(Path socket, Duration timeout) throws SystemInfoException {
        try (Watchdog watchdog = new Watchdog()) {
            return new QubesdSystemInfo(new Qubesd(socket, timeout, watchdog)).get();
        }
    }

    /** The system information file when one is given, else qubesd at {@code socket}. */
    public static SystemInfoSource fileOrQubesd(Optional<Path> file, Path socket, Duration timeout, Watchdog watchdog) {
        return file.<SystemInfoSource>map(SystemInfoFile::new)
                .orElseGet(() -> new SharedFetch(new QubesdSystemInfo(new Qubesd(socket, timeout, watchdog))));
    }

    @Override
    public String toString() {
        return "qubesd at " + qubesd.socket();
    }
}
