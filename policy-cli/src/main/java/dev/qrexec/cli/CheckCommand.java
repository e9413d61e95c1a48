package dev.qrexec.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.DiagnosticFormat;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qrexec-policy check}: load the whole tree, includes followed, and report every problem. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {
            "Load the policy tree as the daemon does, following every include, and report every "
                    + "problem as FILE:LINE:COLUMN: error: MESSAGE, in load order.",
            "Exit status: 0 when the policy loads, 1 when it has errors."})
final class CheckCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    PolicyOptions policy;

    @Option(names = "--json", description = "Print one JSON object {\"ok\", \"diagnostics\": [...]} instead.")
    boolean json;

    CheckCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        LoadResult result = PolicyLoader.load(policy.loadOptions().collectingAll(true));
        if (json) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("ok", result.ok());
            ArrayNode list = root.putArray("diagnostics");
            result.diagnostics().forEach(d -> list.add(Json.diagnostic(d)));
            io.out().println(Json.MAPPER.writeValueAsString(root));
        } else {
            for (Diagnostic d : result.diagnostics()) {
                io.out().println(DiagnosticFormat.COMPILER.format(d));
            }
        }
        return result.ok() ? ExitCode.OK : ExitCode.FAILURE;
    }
}
