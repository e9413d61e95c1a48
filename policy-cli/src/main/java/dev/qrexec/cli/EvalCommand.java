package dev.qrexec.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.Decision;
import dev.qrexec.eval.Evaluation;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.eval.Interaction;
import dev.qrexec.eval.Mode;
import dev.qrexec.eval.Reply;
import dev.qrexec.eval.ReplyFormatter;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.Responder;
import dev.qrexec.eval.Response;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.SystemInfoException;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.IoReason;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qrexec-policy eval}: the daemon's answer to one request, or to a stream of
 * requests given as JSON lines, with the policy and system information from files.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Answer a qrexec request as the policy daemon would, and print its reply.",
            "Exit status (single request): 0 when the call is allowed, 1 otherwise.",
            "With --requests, read requests as JSON lines {\"source\", \"target\", \"service_and_arg\", "
                    + "\"requested_source\"?} and print one JSON line per request with the replies in the three "
                    + "flag modes and the decision."})
final class EvalCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    PolicyOptions policy;

    @Mixin
    SystemInfoOption systemInfo;

    @Option(names = "--just-evaluate", description = "Only decide: reply result=allow or result=deny.")
    boolean justEvaluate;

    @Option(names = "--assume-yes-for-ask",
            description = "Answer an ask as if the user chose the intended target.")
    boolean assumeYesForAsk;

    @Option(names = "--requested-source", paramLabel = "QUBE",
            description = "The RemoteVM a relay qube calls for (requested_source).")
    String requestedSource = "";

    @Option(names = "--requests", paramLabel = "FILE",
            description = "Read requests as JSON lines from FILE (- for standard input).")
    String requests;

    @Parameters(arity = "0..3", paramLabel = "SOURCE TARGET SERVICE[+ARG]",
            description = "The calling qube, the target it named (\"\" for none) and the service with its argument.")
    List<String> call = List.of();

    EvalCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        if (requests == null && call.size() != 3) {
            io.err().println("eval: give SOURCE TARGET SERVICE[+ARG], or --requests FILE");
            return ExitCode.USAGE;
        }
        if (requests != null && !call.isEmpty()) {
            io.err().println("eval: give either SOURCE TARGET SERVICE[+ARG] or --requests FILE, not both");
            return ExitCode.USAGE;
        }
        SystemInfo info;
        try {
            info = systemInfo.load();
        } catch (SystemInfoException e) {
            io.err().println("eval: " + e.getMessage());
            return ExitCode.USAGE;
        }
        LoadResult loaded = PolicyLoader.load(policy.loadOptions());
        loaded.firstError().ifPresent(error -> io.err().println("eval: policy not loaded, denying: " + error.format()));
        Evaluator evaluator = new Evaluator(CompiledPolicy.compile(loaded));
        if (requests != null) {
            return evaluateLines(evaluator, info, loaded);
        }
        Request request = Request.of(call.get(0), call.get(1), call.get(2), requestedSource);
        Evaluation evaluation = evaluator.evaluate(request, info);
        Response response = Responder.respond(evaluation, info, new Mode(justEvaluate, assumeYesForAsk),
                Interaction.NONE);
        if (!justEvaluate && !assumeYesForAsk && evaluation.decision() instanceof Decision.AskUser) {
            io.err().println("eval: the policy says ask, and there is no one to ask here "
                    + "(use --assume-yes-for-ask to answer as if the user chose the intended target)");
        }
        io.out().println(response.text());
        return response.allowed() ? ExitCode.OK : ExitCode.FAILURE;
    }

    private int evaluateLines(Evaluator evaluator, SystemInfo info, LoadResult loaded) throws Exception {
        List<Request> list;
        try {
            list = RequestLines.read(requests, io.in());
        } catch (RequestLines.BadRequestLine e) {
            io.err().println("eval: " + requests + ": " + e.getMessage());
            return ExitCode.USAGE;
        } catch (IOException e) {
            io.err().println("eval: cannot read the requests " + requests + ": " + IoReason.of(e));
            return ExitCode.USAGE;
        }
        PrintStream out = io.out();
        for (Request request : list) {
            Evaluation evaluation = evaluator.evaluate(request, info);
            ObjectNode line = Json.MAPPER.createObjectNode();
            line.put("just_evaluate", Responder.respond(evaluation, info, Mode.JUST_EVALUATE, Interaction.NONE).text());
            line.put("assume_yes_for_ask",
                    Responder.respond(evaluation, info, Mode.ASSUME_YES_FOR_ASK, Interaction.NONE).text());
            line.put("both", Responder.respond(evaluation, info, Mode.BOTH, Interaction.NONE).text());
            describe(line, evaluation.decision());
            loaded.firstError().ifPresent(error -> line.set("load_error", loadError(error)));
            out.println(Json.MAPPER.writeValueAsString(line));
        }
        return ExitCode.OK;
    }

    /** The decision as {@code decision}, {@code rule}, {@code targets_for_ask}, {@code default_target}, {@code message}. */
    static void describe(ObjectNode line, Decision decision) {
        line.put("decision", decision.action());
        line.put("rule", decision.decidingRule().map(r -> r.position().fileAndLine()).orElse(null));
        switch (decision) {
            case Decision.AskUser ask -> {
                line.set("targets_for_ask", Json.MAPPER.valueToTree(ask.targets()));
                line.put("default_target", ask.defaultTarget().orElse(null));
                line.putNull("message");
            }
            case Decision.Allowed allowed -> line.putNull("message");
            case Decision.Denied denied -> line.put("message", denied.reason());
        }
    }

    private static ObjectNode loadError(Diagnostic error) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("file", error.position().file());
        if (error.position().hasLine()) {
            node.put("line", error.position().line());
            node.put("column", error.position().column());
        } else {
            node.putNull("line");
            node.putNull("column");
        }
        node.put("message", error.message());
        return node;
    }
}
