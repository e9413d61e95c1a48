package dev.qrexec.cli.toolkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qrexec.cli.ExitCode;
import dev.qrexec.cli.Io;
import dev.qrexec.cli.Json;
import dev.qrexec.cli.PolicyOptions;
import dev.qrexec.cli.SystemInfoOption;
import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.diff.ChangeKind;
import dev.qrexec.eval.diff.Outcome;
import dev.qrexec.eval.diff.PolicyDiff;
import dev.qrexec.eval.diff.RequestChange;
import dev.qrexec.eval.diff.RuleChanges;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.ast.Rule;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code qrexec-policy diff}: every request whose answer changes between two policies,
 * found by deciding a finite set of requests that stands for all of them, grouped by
 * service and kind of change; then the rules added, removed and moved.
 */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Show what a policy change does: every request whose answer changes between the OLD and the NEW "
                    + "policy (in any daemon mode), grouped by service and by what changed (deny -> allow, "
                    + "allow -> ask, target changed, ask targets changed...), each with the deciding rule on "
                    + "both sides; then the rules added, removed and moved.",
            "The comparison is exhaustive: every qube of the system information (and one that exists "
                    + "nowhere) calls every target form (each qube by name and uuid:, @default, @adminvm, "
                    + "@dispvm, @dispvm:T for each disposable template) with every service and argument either "
                    + "policy names (and one neither names); every other request is answered like one of these.",
            "OLD and NEW are policy directories with their includes; --old and --new give several, in precedence "
                    + "order. With only NEW, the old side is --policy-dir (default: the system's directories).",
            "Exit status: 0 when no answer changes (with --no-new-access: when no request gains access), 1 when "
                    + "some do, 2 for a wrong command line, 3 when a policy does not load."})
public final class DiffCommand implements Callable<Integer> {
    private final Io io;

    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOptions policy;

    @Mixin
    SystemInfoOption systemInfo;

    @Option(names = "--old", paramLabel = "DIR", description = "An old policy directory (repeatable, in precedence "
            + "order).")
    List<Path> oldDirectories = new ArrayList<>();

    @Option(names = "--new", paramLabel = "DIR", description = "A new policy directory (repeatable, in precedence "
            + "order).")
    List<Path> newDirectories = new ArrayList<>();

    @Option(names = "--old-legacy-dir", paramLabel = "DIR",
            description = "The old side's R4.0 directory (default: --legacy-dir).")
    Path oldLegacy;

    @Option(names = "--new-legacy-dir", paramLabel = "DIR",
            description = "The new side's R4.0 directory (default: --legacy-dir).")
    Path newLegacy;

    @Option(names = "--no-new-access",
            description = "Exit 1 only when a request gains access: denied before and allowed or asked now, an "
                    + "ask that became an allow, an allow to another target, an ask offering more targets.")
    boolean noNewAccess;

    @Option(names = "--json", description = "Print one JSON object {\"requests_tried\", \"new_access\", "
            + "\"changes\": [...], \"rules\": {...}} instead.")
    boolean json;

    @Parameters(paramLabel = "DIR", arity = "0..2", description = "OLD_DIR NEW_DIR, or NEW_DIR alone.")
    List<Path> directories = new ArrayList<>();

    public DiffCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        List<Path> old = new ArrayList<>(oldDirectories);
        List<Path> now = new ArrayList<>(newDirectories);
        switch (directories.size()) {
            case 2 -> {
                old.add(directories.get(0));
                now.add(directories.get(1));
            }
            case 1 -> now.add(directories.get(0));
            default -> { }
        }
        if (now.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no new policy: give NEW_DIR or --new DIR");
        }
        LoadOptions base = policy.loadOptions();
        LoadOptions oldOptions = (old.isEmpty() ? base : base.withDirectories(old))
                .withLegacyDirectory(oldLegacy != null ? oldLegacy : base.legacyDirectory());
        LoadOptions newOptions = base.withDirectories(now)
                .withLegacyDirectory(newLegacy != null ? newLegacy : base.legacyDirectory());
        Optional<SystemInfo> info = PolicyLoading.systemInfo(systemInfo.file(), io, "diff");
        if (info.isEmpty()) {
            return ExitCode.FAILURE;
        }
        Optional<CompiledPolicy> before = PolicyLoading.load(oldOptions, io, "diff");
        Optional<CompiledPolicy> after = PolicyLoading.load(newOptions, io, "diff");
        if (before.isEmpty() || after.isEmpty()) {
            return ExitCode.POLICY_DOES_NOT_LOAD;
        }
        PolicyDiff diff = PolicyDiff.compare(before.get(), after.get(), info.get());
        if (json) {
            io.out().println(Json.MAPPER.writeValueAsString(json(diff)));
        } else {
            print(diff, io.out());
        }
        boolean finding = noNewAccess ? diff.grantsNewAccess() : !diff.changes().isEmpty();
        return finding ? ExitCode.FAILURE : ExitCode.OK;
    }

    private static void print(PolicyDiff diff, PrintStream out) {
        long gaining = diff.changes().stream().filter(RequestChange::gainsAccess).count();
        int hidden = diff.changes().size() - diff.readableChanges().size();
        out.println(diff.changes().size() + " of " + diff.universe().size() + " requests tried change their answer"
                + (gaining > 0 ? " (" + gaining + " gain access)" : "")
                + (diff.changes().isEmpty() ? "." : ":"));
        if (hidden > 0) {
            out.println("(" + hidden + " requests naming a qube by uuid: change like the same request by name and "
                    + "are not shown; --json lists every request)");
        }
        String service = null;
        for (PolicyDiff.Group group : diff.groups()) {
            if (!group.serviceAndArgument().equals(service)) {
                service = group.serviceAndArgument();
                out.println();
                out.println(service);
            }
            out.println("  " + group.kind().title() + " (" + group.changes().size() + ")");
            Map<List<String>, List<String>> targets = new LinkedHashMap<>();
            for (RequestChange change : group.changes()) {
                Request request = change.request();
                String source = request.source()
                        + (request.hasRequestedSource() ? " (for " + request.requestedSource() + ")" : "");
                String what = group.kind() == ChangeKind.ASK_TARGETS_CHANGED
                        ? offerChange(change) : side(change.old()) + "  =>  " + side(change.now());
                targets.computeIfAbsent(List.of(source, what + (change.gainsAccess() ? "  [new access]" : "")),
                        k -> new ArrayList<>()).add(request.intendedTarget());
            }
            Map<List<String>, List<String>> sources = new LinkedHashMap<>();
            targets.forEach((key, list) -> sources.computeIfAbsent(List.of(String.join(", ", list), key.get(1)),
                    k -> new ArrayList<>()).add(key.get(0)));
            sources.forEach((key, list) -> out.println("    " + String.join(", ", list) + " -> " + key.get(0) + ": "
                    + key.get(1)));
        }
        RuleChanges rules = diff.rules();
        out.println();
        if (rules.isEmpty()) {
            out.println("Rules: the same rules in the same order.");
            return;
        }
        out.println("Rules: " + rules.added().size() + " added, " + rules.removed().size() + " removed, "
                + rules.moved().size() + " moved");
        for (Rule rule : rules.added()) {
            out.println("  added    " + rule.position().fileAndLine() + ": " + rule.text());
        }
        for (Rule rule : rules.removed()) {
            out.println("  removed  " + rule.position().fileAndLine() + ": " + rule.text());
        }
        for (RuleChanges.Move move : rules.moved()) {
            out.println("  moved    " + move.from().position().fileAndLine() + " -> "
                    + move.to().position().fileAndLine() + ": " + move.to().text());
        }
    }

    /** How the offer of an ask changed: the targets added and removed, and the deciding rules. */
    private static String offerChange(RequestChange change) {
        List<String> added = new ArrayList<>(change.now().targetsForAsk());
        added.removeAll(change.old().targetsForAsk());
        List<String> removed = new ArrayList<>(change.old().targetsForAsk());
        removed.removeAll(change.now().targetsForAsk());
        List<String> parts = new ArrayList<>();
        added.forEach(t -> parts.add("+" + t));
        removed.forEach(t -> parts.add("-" + t));
        return "ask offers " + String.join(" ", parts) + " (" + change.old().ruleText() + "  =>  "
                + change.now().ruleText() + ")";
    }

    private static String side(Outcome outcome) {
        return outcome.summary() + " (" + outcome.ruleText() + ")";
    }

    private static ObjectNode json(PolicyDiff diff) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("requests_tried", diff.universe().size());
        root.put("new_access", diff.grantsNewAccess());
        ArrayNode changes = root.putArray("changes");
        for (RequestChange change : diff.changes()) {
            ObjectNode node = changes.addObject();
            Request request = change.request();
            node.put("source", request.source());
            node.put("target", request.intendedTarget());
            node.put("service_and_arg", request.serviceAndArgument());
            if (request.hasRequestedSource()) {
                node.put("requested_source", request.requestedSource());
            }
            node.put("change", change.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            node.put("gains_access", change.gainsAccess());
            node.set("old", json(change.old()));
            node.set("new", json(change.now()));
        }
        ObjectNode rules = root.putObject("rules");
        ArrayNode added = rules.putArray("added");
        diff.rules().added().forEach(r -> added.add(json(r)));
        ArrayNode removed = rules.putArray("removed");
        diff.rules().removed().forEach(r -> removed.add(json(r)));
        ArrayNode moved = rules.putArray("moved");
        for (RuleChanges.Move move : diff.rules().moved()) {
            ObjectNode node = moved.addObject();
            node.set("from", json(move.from()));
            node.set("to", json(move.to()));
        }
        return root;
    }

    private static ObjectNode json(Outcome outcome) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("decision", outcome.decision());
        node.put("rule", outcome.rule().map(p -> p.fileAndLine()).orElse(null));
        outcome.target().ifPresent(t -> node.put("target", t));
        if (outcome.decision().equals("ask")) {
            ArrayNode targets = node.putArray("targets_for_ask");
            outcome.targetsForAsk().forEach(targets::add);
            node.put("default_target", outcome.defaultTarget().orElse(null));
        }
        node.put("just_evaluate", outcome.replies().get(0));
        node.put("assume_yes_for_ask", outcome.replies().get(1));
        node.put("both", outcome.replies().get(2));
        return node;
    }

    private static ObjectNode json(Rule rule) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("file", rule.position().file());
        node.put("line", rule.position().line());
        node.put("text", rule.text());
        return node;
    }
}
