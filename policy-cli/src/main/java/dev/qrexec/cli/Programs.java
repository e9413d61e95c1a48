package dev.qrexec.cli;

import dev.qrexec.cli.convert.LegacyConvertCommand;
import dev.qrexec.cli.convert.RestoreCommand;
import dev.qrexec.cli.graph.GraphCommand;
import dev.qrexec.cli.lint.LintCommand;
import dev.qrexec.cli.admin.AdminServiceCommand;
import dev.qrexec.cli.admin.PolicyEditorCommand;
import dev.qrexec.cli.admin.PolicyFilesCommand;
import dev.qrexec.cli.admin.RegisterArgumentCommand;
import java.util.Map;
import picocli.CommandLine;

/**
 * The programs this application can run as: {@code qrexec-policy} with its
 * subcommands, and the reference's tool names, each mapped to the command that
 * replaces it.
 */
final class Programs {
    private Programs() {}

    /** Tool name to the command class that implements it as a program of its own. */
    static final Map<String, Class<?>> DROP_INS = Map.ofEntries(
            Map.entry("qrexec-legacy-convert", LegacyConvertCommand.class),
            Map.entry("qrexec-policy-graph", GraphCommand.class),
            Map.entry("qrexec-policy-restore", RestoreCommand.class),
            Map.entry("qubes-policy-lint", LintCommand.class),
            Map.entry("qubes-policy-admin", AdminServiceCommand.class),
            Map.entry("qubes-policy", PolicyFilesCommand.class),
            Map.entry("qubes-policy-editor", PolicyEditorCommand.class),
            Map.entry("policy.RegisterArgument", RegisterArgumentCommand.class));

    static CommandLine commandLine(String program, CommandLine.IFactory factory) {
        Class<?> type = DROP_INS.get(program);
        if (type == null) {
            return new CommandLine(Main.class, factory);
        }
        CommandLine line = new CommandLine(type, factory);
        line.setCommandName(program);
        return line;
    }
}
