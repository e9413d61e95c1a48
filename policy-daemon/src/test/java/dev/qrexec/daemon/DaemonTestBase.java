package dev.qrexec.daemon;

import dev.qrexec.daemon.testing.TestSystem;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests against a daemon on the test system ({@link TestSystem}), started afresh for each test. */
abstract class DaemonTestBase {
    @TempDir
    Path scratch;

    DaemonFixture daemon;

    @BeforeEach
    void startDaemon() throws IOException {
        daemon = DaemonFixture.onTestSystem(scratch.toRealPath());
    }

    @AfterEach
    void stopDaemon() {
        daemon.close();
    }
}
