package dev.qrexec.cli.admin;

import dev.qrexec.cli.ExitCode;
import dev.qrexec.cli.Io;
import dev.qrexec.parser.compat.PythonRepr;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code qubes-policy-editor}: edit one policy file safely through the admin services.
 * See {@link EditSession} for what happens between fetching and saving.
 */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = {
            "Edit a policy file: fetch it with its token, open your editor ($VISUAL, else $EDITOR, else vi) "
                    + "on a private temporary copy, "
                    + "save it back only if the whole policy still loads and nobody changed the file meanwhile.",
            "When the policy would not load, you are asked to edit again or quit. When someone else changed "
                    + "the file, your text is merged with theirs (three-way, by lines): without overlapping "
                    + "changes you may save the result or edit it; with overlapping ones both versions are kept "
                    + "between '<<<<<<< your version', '=======' and '>>>>>>> current version' lines for you to "
                    + "resolve (the policy refuses such lines, so they cannot be saved by mistake).",
            "Exit status: 0 saved or quit on request, 1 failed (the path of your text is printed)."})
public final class PolicyEditorCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(arity = "0..1", paramLabel = "[include/]FILE", defaultValue = "30-user",
            description = "The file to edit, without '.policy'; with 'include/', a file of the include "
                    + "directory (default: ${DEFAULT-VALUE}).")
    String target;

    @Mixin
    TransportOptions transport;

    PolicyEditorCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        FileArgument file = FileArgument.of(target);
        Optional<String> invalid = file.invalidCharacters();
        if (invalid.isPresent()) {
            io.err().println("invalid character(s) in the file name: " + invalid.get());
            return ExitCode.FAILURE;
        }
        if (file.name().endsWith(".policy")) {
            file = new FileArgument(file.scope(), file.name().substring(0, file.name().length() - ".policy".length()));
        }
        if (file.name().isEmpty()) {
            io.err().println("invalid file name: " + PythonRepr.str(target));
            return ExitCode.FAILURE;
        }
        dev.qrexec.admin.Transport via = transport.transport(io);
        return new EditSession(io, via, transport.precheck(io, via), file).run();
    }
}
