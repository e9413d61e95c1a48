package dev.qrexec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every program a person runs answers --version; the service handlers have no options at all. */
class VersionTest {
    private static final Set<String> SERVICE_HANDLERS = Set.of("qubes-policy-admin", "policy.RegisterArgument");

    static List<String> programsForPeople() {
        return Main.programs().stream().filter(p -> !SERVICE_HANDLERS.contains(p)).toList();
    }

    private static String version() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            properties.load(in);
        }
        return properties.getProperty("version");
    }

    @Test
    void theBuildWritesTheProjectVersion() throws IOException {
        assertTrue(version().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), version());
    }

    @ParameterizedTest
    @MethodSource("programsForPeople")
    void everyProgramPrintsItsNameAndTheVersion(String program) throws IOException {
        ProgramRun run = ProgramRun.run(program, "--version");
        String expected = program.equals("qrexec-policy")
                ? "qrexec-policy " + version() + "\n"
                : program + " (qrexec-policy) " + version() + "\n";
        assertEquals(new ProgramRun(0, expected, ""), run);
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "eval", "explain", "lint", "graph", "daemon", "exec", "files", "edit",
            "legacy-convert", "restore"})
    void everySubcommandPrintsTheApplicationsVersion(String subcommand) throws IOException {
        assertEquals(new ProgramRun(0, "qrexec-policy " + version() + "\n", ""),
                ProgramRun.qrexecPolicy(subcommand, "--version"));
    }

    @Test
    void benchAndTheQubesdStandInAreHiddenFromHelp() {
        String help = ProgramRun.qrexecPolicy("--help").out();
        assertTrue(help.contains("  check "), help);
        assertFalse(help.contains("bench"), help);
        assertFalse(help.contains("qubesd-standin"), help);
    }
}
