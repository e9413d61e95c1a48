package dev.qrexec.cli.toolkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qrexec.cli.ExitCode;
import dev.qrexec.cli.Io;
import dev.qrexec.cli.Json;
import dev.qrexec.cli.PolicyOptions;
import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.query.RuleQuery;
import dev.qrexec.parser.ast.Rule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qrexec-policy query}: the rules that can apply to a partial request, in evaluation order. */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Search the policy like sesearch: print every rule that can apply to the partial request given "
                    + "(any of --service, --source, --target, --action), in evaluation order, as "
                    + "FILE:LINE:COLUMN: RULE. With --system-info, sources and targets are matched as the daemon "
                    + "matches them, and each rule is followed by the qubes its source and target stand for.",
            "Examples: who can call qubes.VMShell?  query --service qubes.VMShell --action allow;  what may "
                    + "sys-usb call?  query --source sys-usb --system-info si.json",
            "Exit status: 0 when some rule matches, 1 when none does, 2 for a wrong command line, 3 when the "
                    + "policy does not load."})
public final class QueryCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    PolicyOptions policy;

    @Option(names = "--system-info", paramLabel = "FILE",
            description = "Match sources and targets against these qubes, and list what each token stands for.")
    Path systemInfo;

    @Option(names = "--service", paramLabel = "SERVICE[+ARG]", description = "The service, with or without argument.")
    String service;

    @Option(names = "--source", paramLabel = "QUBE", description = "The calling qube.")
    String source;

    @Option(names = "--target", paramLabel = "TARGET",
            description = "The target: a qube, @default, @dispvm, @dispvm:T or @adminvm (also found through target=).")
    String target;

    @Option(names = "--action", paramLabel = "ACTION", description = "allow, deny or ask.")
    Action action;

    @Option(names = "--json", description = "Print one JSON object {\"rules\": [...]} instead.")
    boolean json;

    /** The actions, as written. */
    enum Action { allow, deny, ask }

    public QueryCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        Optional<SystemInfo> info = Optional.empty();
        if (systemInfo != null) {
            info = PolicyLoading.systemInfo(systemInfo, io, "query");
            if (info.isEmpty()) {
                return ExitCode.FAILURE;
            }
        }
        Optional<CompiledPolicy> compiled = PolicyLoading.load(policy.loadOptions(), io, "query");
        if (compiled.isEmpty()) {
            return ExitCode.POLICY_DOES_NOT_LOAD;
        }
        RuleQuery query = RuleQuery.of(service, source, target, action == null ? null : action.name());
        List<RuleQuery.Match> matches = query.run(compiled.get().rules(), info);
        if (json) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            ArrayNode list = root.putArray("rules");
            for (RuleQuery.Match match : matches) {
                Rule rule = match.rule();
                ObjectNode node = list.addObject();
                node.put("file", rule.position().file());
                node.put("line", rule.position().line());
                node.put("column", rule.position().column());
                node.put("text", rule.text());
                match.sourceQubes().ifPresent(q -> q.forEach(node.putArray("source_qubes")::add));
                match.targetQubes().ifPresent(q -> q.forEach(node.putArray("target_qubes")::add));
            }
            io.out().println(Json.MAPPER.writeValueAsString(root));
        } else {
            for (RuleQuery.Match match : matches) {
                Rule rule = match.rule();
                io.out().println(rule.position() + ": " + rule.text());
                match.sourceQubes().ifPresent(q -> io.out().println("    source " + rule.source().text() + ": "
                        + (q.isEmpty() ? "no qube" : String.join(", ", q))));
                match.targetQubes().ifPresent(q -> io.out().println("    target " + rule.target().text() + ": "
                        + (q.isEmpty() ? keywordOnly(rule) : String.join(", ", q))));
            }
        }
        return matches.isEmpty() ? ExitCode.FAILURE : ExitCode.OK;
    }

    private static String keywordOnly(Rule rule) {
        return rule.target().text().startsWith("@") ? "no qube (the keyword itself)" : "no qube";
    }
}
