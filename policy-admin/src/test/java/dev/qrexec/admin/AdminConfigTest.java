package dev.qrexec.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which directories the environment selects, the runtime directory's rule above all. */
class AdminConfigTest {
    @Test
    void theSystemsDirectoriesByDefault() {
        assertEquals(new AdminConfig(Path.of("/etc/qubes/policy.d"), Optional.of(Path.of("/run/qubes/policy.d")),
                Path.of("/etc/qubes-rpc/policy"), Path.of("/var/log/qubes/policy-admin.log")),
                AdminConfig.fromEnvironment(Map.of()));
    }

    @Test
    void aPolicyDirectoryAloneUnlessARuntimeDirectoryIsNamed() {
        assertEquals(Optional.empty(), AdminConfig.fromEnvironment(Map.of("QREXEC_POLICY_DIR", "/p")).runtimeDirectory());
        assertEquals(Path.of("/p"), AdminConfig.fromEnvironment(Map.of("QREXEC_POLICY_DIR", "/p")).mainDirectory());
        assertEquals(Optional.of(Path.of("/r")), AdminConfig.fromEnvironment(Map.of("QREXEC_POLICY_DIR", "/p",
                "QREXEC_POLICY_RUNTIME_DIR", "/r")).runtimeDirectory());
        assertEquals(Optional.empty(), AdminConfig.fromEnvironment(Map.of("QREXEC_POLICY_RUNTIME_DIR", ""))
                .runtimeDirectory());
    }

    @Test
    void emptyValuesCountAsUnset() {
        AdminConfig config = AdminConfig.fromEnvironment(Map.of("QREXEC_POLICY_DIR", "", "QREXEC_POLICY_ADMIN_LOG", "",
                "QREXEC_POLICY_LEGACY_DIR", "/legacy"));
        assertEquals(Path.of("/etc/qubes/policy.d"), config.mainDirectory());
        assertEquals(Optional.of(Path.of("/run/qubes/policy.d")), config.runtimeDirectory());
        assertEquals(Path.of("/var/log/qubes/policy-admin.log"), config.logFile());
        assertEquals(Path.of("/legacy"), config.legacyDirectory());
    }
}
