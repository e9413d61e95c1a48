package dev.qrexec.cli.explain;

import dev.qrexec.cli.ExitCode;
import dev.qrexec.cli.Io;
import dev.qrexec.cli.Json;
import dev.qrexec.cli.PolicyOptions;
import dev.qrexec.cli.SystemInfoOption;
import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.eval.Explainer;
import dev.qrexec.eval.Explanation;
import dev.qrexec.eval.Mode;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.SystemInfoException;
import dev.qrexec.parser.load.PolicyLoader;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qrexec-policy explain}: what the policy answers to one call and why: the
 * decision, the daemon's reply, the deciding rule, why each earlier rule for the
 * service did not match, and for {@code ask} which targets are offered and why.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Explain the answer to one qrexec call: the decision, the reply the policy daemon gives in the chosen "
                    + "mode, the deciding rule (FILE:LINE:COLUMN and its text), why every earlier rule for the "
                    + "service did not match, and for ask the targets offered to the user and why each is or is "
                    + "not there.",
            "Exit status: 0 when explained, 1 when the system information cannot be read, 2 for a wrong "
                    + "command line."})
public final class ExplainCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    PolicyOptions policy;

    @Mixin
    SystemInfoOption systemInfo;

    @Option(names = "--just-evaluate", description = "Show the reply to a just_evaluate request.")
    boolean justEvaluate;

    @Option(names = "--assume-yes-for-ask", description = "Show the reply when ask is taken as a yes.")
    boolean assumeYesForAsk;

    @Option(names = "--requested-source", paramLabel = "QUBE",
            description = "The qube a RemoteVM relay (the SOURCE) calls for.")
    String requestedSource = "";

    @Option(names = "--json", description = "Print one JSON object instead.")
    boolean json;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "The calling qube.")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "The target it names (\"\" for none).")
    String target;

    @Parameters(index = "2", paramLabel = "SERVICE[+ARG]", description = "The service and its argument.")
    String service;

    public ExplainCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        SystemInfo info;
        try {
            info = systemInfo.load();
        } catch (SystemInfoException e) {
            io.err().println("explain: error: " + e.getMessage());
            return ExitCode.FAILURE;
        }
        CompiledPolicy compiled = CompiledPolicy.compile(PolicyLoader.load(policy.loadOptions()));
        Explainer explainer = new Explainer(new Evaluator(compiled));
        Explanation explanation = explainer.explain(Request.of(source, target, service, requestedSource), info,
                new Mode(justEvaluate, assumeYesForAsk));
        if (json) {
            io.out().println(Json.MAPPER.writeValueAsString(ExplanationJson.of(explanation)));
        } else {
            io.out().print(ExplanationText.of(explanation));
        }
        return ExitCode.OK;
    }
}
