package dev.qrexec.cli;

import dev.qrexec.cli.convert.LegacyConvertCommand;
import dev.qrexec.cli.convert.RestoreCommand;
import dev.qrexec.cli.graph.GraphCommand;
import dev.qrexec.cli.lint.LintCommand;
import dev.qrexec.cli.admin.AdminServiceCommand;
import dev.qrexec.cli.admin.PolicyEditorCommand;
import dev.qrexec.cli.admin.PolicyFilesCommand;
import dev.qrexec.cli.admin.RegisterArgumentCommand;
import dev.qrexec.cli.daemon.DaemonCommand;
import dev.qrexec.cli.daemon.ExecCommand;
import dev.qrexec.cli.model.CommandModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

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
            Map.entry("policy.RegisterArgument", RegisterArgumentCommand.class),
            Map.entry("qrexec-policy-daemon", DaemonCommand.class),
            Map.entry("qrexec-policy-exec", ExecCommand.class));

    /** The subcommand that the reference's {@code qrexec-policy} alias (of qrexec-policy-exec) stands for. */
    private static final String EXEC = "exec";

    static CommandLine commandLine(String program, CommandLine.IFactory factory, CommandModels models) {
        Class<?> type = DROP_INS.get(program);
        CommandLine line;
        try {
            Class<?> command = type == null ? Main.class : type;
            line = new CommandLine(models.of(factory.create(command), factory), factory);
        } catch (CommandLine.InitializationException e) {
            throw e;
        } catch (Exception e) {
            throw new CommandLine.InitializationException("cannot create the command of " + program, e);
        }
        if (type == null) {
            return line;
        }
        line.setCommandName(program);
        // The reference's tools parse with argparse, which takes any unambiguous prefix of a long
        // option. Not for the linter: its file name "-" (standard input) breaks picocli's matching of
        // abbreviations, and its long options are rarely typed.
        line.setAbbreviatedOptionsAllowed(!program.equals("qubes-policy-lint"));
        return line;
    }

    /**
     * The arguments for {@code line}: in the reference, {@code qrexec-policy} is
     * another name of qrexec-policy-exec, so {@code qrexec-policy [OPTIONS] SOURCE
     * TARGET SERVICE} (3 or 5 positional arguments, the first not a subcommand)
     * runs {@code exec}.
     */
    static String[] routed(CommandLine line, String[] args) {
        CommandLine exec = line.getSubcommands().get(EXEC);
        if (exec == null) {
            return args;
        }
        List<String> positional = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                positional.add(arg);
            } else if (arg.equals("--")) {
                optionsEnded = true;
            } else {
                OptionSpec option = exec.getCommandSpec().findOption(arg);
                if (option == null) {
                    return args;
                }
                if (option.arity().max() > 0 && !arg.contains("=")) {
                    i++;
                }
            }
        }
        boolean callForm = positional.size() == 3 || positional.size() == 5;
        if (!callForm || line.getSubcommands().containsKey(positional.get(0))) {
            return args;
        }
        String[] routed = new String[args.length + 1];
        routed[0] = EXEC;
        System.arraycopy(args, 0, routed, 1, args.length);
        return routed;
    }
}
