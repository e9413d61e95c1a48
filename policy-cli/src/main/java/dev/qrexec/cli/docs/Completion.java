package dev.qrexec.cli.docs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The bash completion script of a program: picocli's, with two things it cannot
 * express: directories only (not any file) after an option that takes a directory,
 * and the names of the policy files after {@code qubes-policy}'s options.
 */
final class Completion {
    /** The policy files of dom0, as {@code qubes-policy} names them ({@code NAME}, {@code include/NAME}). */
    private static final String POLICY_NAMES = "$( { ls /etc/qubes/policy.d 2>/dev/null | sed -n 's/\\.policy$//p'; "
            + "ls /etc/qubes/policy.d/include 2>/dev/null | sed 's|^|include/|'; } )";

    private Completion() {}

    static String bash(String program, CommandLine command) {
        Set<String> directoryOptions = new HashSet<>();
        collect(command, directoryOptions);
        List<String> out = new ArrayList<>();
        boolean inDirectoryCase = false;
        String function = "";
        for (String line : AutoComplete.bash(program, command).split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("function _picocli_")) {
                function = trimmed;
            }
            if (trimmed.startsWith("'-") && trimmed.endsWith("')")) {
                inDirectoryCase = false;
                for (String quoted : trimmed.substring(0, trimmed.length() - 1).split("\\|")) {
                    inDirectoryCase |= directoryOptions.contains(quoted.substring(1, quoted.length() - 1));
                }
            } else if (trimmed.equals(";;")) {
                inDirectoryCase = false;
            }
            if (inDirectoryCase && line.contains("compgen -f -- ")) {
                line = line.replace("compgen -f -- ", "compgen -d -- ").replace("# files", "# directories");
            }
            if (trimmed.equals("local positionals=\"\"") && namesPolicyFiles(function)) {
                line = line.replace("local positionals=\"\"", "local positionals=" + POLICY_NAMES);
            }
            out.add(line);
        }
        return String.join("\n", out);
    }

    /** Whether the completion function is {@code qubes-policy}'s (also as {@code qrexec-policy files}). */
    private static boolean namesPolicyFiles(String function) {
        return function.startsWith("function _picocli_qubes-policy()")
                || function.startsWith("function _picocli_qrexec-policy_files()");
    }

    /** The options of {@code command} and its subcommands whose value is a directory. */
    private static void collect(CommandLine command, Set<String> names) {
        for (OptionSpec option : command.getCommandSpec().options()) {
            String label = option.paramLabel();
            if (label.endsWith("DIR") || label.endsWith("DIRECTORY")) {
                names.addAll(List.of(option.names()));
            }
        }
        command.getSubcommands().values().forEach(sub -> collect(sub, names));
    }
}
