package dev.qrexec.cli.admin;

import dev.qrexec.admin.AdminCallException;
import dev.qrexec.admin.PolicyClient;
import dev.qrexec.admin.Refusal;
import dev.qrexec.admin.Scope;
import dev.qrexec.cli.ExitCode;
import dev.qrexec.cli.Io;
import dev.qrexec.parser.compat.Whitespace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code qubes-policy}: list, print, replace and remove policy files through the
 * admin services, from dom0 or from a qube the admin policy allows. Unlike the
 * reference, it refuses several operations at once, prints nothing for an empty
 * listing and shows the service's own message when a call fails.
 */
@Command(name = "files", mixinStandardHelpOptions = true,
        customSynopsis = "${COMMAND-FULL-NAME} [-l | -g | -r | -d] [--transport KIND] "
                + "[--qrexec-client-vm PROGRAM] [include/][NAME]",
        description = {
            "List (the default), print, replace or remove policy files through the policy.* admin services.",
            "Exit status: 0 done, 1 refused or failed, 2 wrong command line."})
public final class PolicyFilesCommand implements Callable<Integer> {
    private final Io io;

    @Spec
    CommandSpec spec;

    @Option(names = {"-l", "--list"}, description = "List the files (without NAME; 'include' lists include files).")
    boolean list;

    @Option(names = {"-g", "--get"}, description = "Print a file's content.")
    boolean get;

    @Option(names = {"-r", "--replace"}, description = "Replace or create a file with the content read from stdin.")
    boolean replace;

    @Option(names = {"-d", "--remove"}, description = "Remove a file.")
    boolean remove;

    @Parameters(arity = "0..1", paramLabel = "[include/][NAME]",
            description = "The file to operate on; with \"include/\", a file of the include directory.")
    String target = "";

    @Mixin
    TransportOptions transport;

    PolicyFilesCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (Stream.of(list, get, replace, remove).filter(b -> b).count() > 1) {
            return usage("only one of -l, -g, -r and -d can be given");
        }
        FileArgument file = target.equals("include") ? new FileArgument(Scope.INCLUDE, "") : FileArgument.of(target);
        Optional<String> invalid = file.invalidCharacters();
        if (invalid.isPresent()) {
            return usage("invalid character(s) in RPCNAME: " + invalid.get());
        }
        boolean listing = !(get || replace || remove);
        if (listing && !file.name().isEmpty()) {
            return usage("--list doesn't work with a file name");
        }
        if (!listing && file.name().isEmpty()) {
            return usage("you need to provide a file name");
        }
        PolicyClient client = new PolicyClient(transport.transport(io));
        try {
            if (listing) {
                client.list(file.scope()).forEach(io.out()::println);
            } else if (get) {
                String content = new String(client.get(file.scope(), file.name()).content(), StandardCharsets.UTF_8);
                io.out().println(Whitespace.stripTrailing(content));
            } else if (replace) {
                client.replace(file.scope(), file.name(), io.in().readAllBytes(), "any");
            } else {
                client.remove(file.scope(), file.name(), "any");
            }
            io.out().flush();
            return ExitCode.OK;
        } catch (AdminCallException e) {
            Optional<Refusal> refusal = e.refusal();
            io.err().println(refusal.isPresent() ? refusal.get().message() : "Command failed: " + e.getMessage());
            return ExitCode.FAILURE;
        } catch (IOException e) {
            io.err().println("Command failed: " + e.getMessage());
            return ExitCode.FAILURE;
        }
    }

    private int usage(String message) {
        String program = spec.qualifiedName();
        io.err().println("usage: " + program + " {[-l]|-g|-r|-d} [include/][RPCNAME[+ARGUMENT]]");
        io.err().println(program + ": error: " + message);
        return ExitCode.USAGE;
    }
}
