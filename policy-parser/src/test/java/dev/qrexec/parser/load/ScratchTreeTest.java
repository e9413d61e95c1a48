package dev.qrexec.parser.load;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the loader tests: a fresh scratch policy tree for every test. */
abstract class ScratchTreeTest {
    @TempDir
    Path temporary;

    PolicyDirs dirs;

    @BeforeEach
    void scratch() {
        dirs = new PolicyDirs(temporary);
    }

    /** One current-syntax rule line denying {@code service} to everyone. */
    static String deny(String service) {
        return service + " * @anyvm @anyvm deny\n";
    }
}
