package dev.qrexec.eval;

import dev.qrexec.eval.Decision.Stage;
import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.PolicySyntaxException;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Token;
import dev.qrexec.parser.ast.TokenContext;
import dev.qrexec.parser.compat.PythonRepr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides requests against one {@link CompiledPolicy}: normalises the request, finds
 * the first matching rule and works out what its action means for this request.
 * Whatever goes wrong, the result is a decision, never an exception; the cases in
 * which the reference itself fails end in a deny that names the failure.
 */
public final class Evaluator {
    private final CompiledPolicy policy;

    public Evaluator(CompiledPolicy policy) {
        this.policy = policy;
    }

    public CompiledPolicy policy() {
        return policy;
    }

    /** Decides {@code request} with the qubes of {@code info}. */
    public Evaluation evaluate(Request request, SystemInfo info) {
        List<String> log = new ArrayList<>(2);
        Optional<Diagnostic> loadError = policy.loadError();
        if (loadError.isPresent()) {
            Diagnostic error = loadError.get();
            boolean accessDenied = error.code() == Code.INVALID_FILENAME || error.code() == Code.LOAD_FAILED;
            log.add(logPrefix(request) + (accessDenied ? " denied: " : " error loading policy: ")
                    + error.referenceText());
            return new Evaluation(request, request.intendedTarget(), request.source(),
                    Decision.Denied.of(Stage.LOAD, null, error.referenceText(), accessDenied), log);
        }
        String intended = request.intendedTarget().isEmpty() ? "@default" : request.intendedTarget();
        Token token;
        try {
            token = Token.parse(intended, TokenContext.INTENDED_TARGET);
        } catch (PolicySyntaxException e) {
            String reason = "<unknown>:0: " + e.getMessage();
            log.add(logPrefix(request) + " error loading policy: " + reason);
            return new Evaluation(request, intended, request.source(),
                    Decision.Denied.of(Stage.REQUEST, null, reason, false), log);
        }
        String target = intended;
        String source = request.source();
        Stage stage = Stage.REQUEST;
        Rule rule = null;
        try {
            Decision.Denied refused = null;
            switch (token) {
                case Token.Name name -> target = existingOrDefault(name.text(), info, log);
                case Token.Uuid uuid -> target = existingOrDefault(uuid.text(), info, log);
                case Token.DispVmTemplate template -> refused = checkTemplate(template.template(), info);
                default -> { }
            }
            if (refused == null && request.hasRequestedSource()) {
                refused = checkRequestedSource(request, info);
                if (refused == null) {
                    source = request.requestedSource();
                }
            }
            if (refused != null) {
                log.add(logPrefix(request) + " denied: " + refused.reason());
                return new Evaluation(request, target, source, refused, log);
            }
            Subject subject = new Subject(info, source, target);
            stage = Stage.MATCH;
            int index = firstMatch(request, subject);
            if (index < 0) {
                log.add(logPrefix(request) + " denied: no matching rule found");
                return new Evaluation(request, target, source,
                        Decision.Denied.of(Stage.MATCH, null, "no matching rule found", true), log);
            }
            rule = policy.rule(index);
            stage = Stage.EVALUATION;
            Decision decision = switch (rule.action()) {
                case Action.Deny deny -> Decision.Denied.of(Stage.RULE, rule,
                        "denied by policy " + rule.position().fileAndLine(), deny.notifyEnabled());
                case Action.Allow allow -> allow(rule, allow, subject, log);
                case Action.Ask ask -> ask(rule, ask, request, subject, log, AskTrace.NONE);
            };
            if (decision instanceof Decision.Denied denied) {
                log.add(logPrefix(request) + " denied: " + denied.reason());
            }
            return new Evaluation(request, target, source, decision, log);
        } catch (ReferenceCrash crash) {
            log.add(logPrefix(request) + " denied: the reference would fail here (" + crash.exception() + "): "
                    + crash.getMessage());
            return new Evaluation(request, target, source, Decision.Denied.crash(stage, rule, crash), log);
        }
    }

    /** {@code qrexec: SERVICE+ARG: SOURCE -> TARGET:}, the start of every log line about {@code request}. */
    public static String logPrefix(Request request) {
        return "qrexec: " + request.serviceAndArgument() + ": " + request.source() + " -> "
                + request.intendedTarget() + ":";
    }

    /** A name or {@code uuid:} that is not a qube stands for {@code @default}. */
    private static String existingOrDefault(String name, SystemInfo info, List<String> log) {
        if (info.contains(name)) {
            return name;
        }
        log.add("qrexec: target " + PythonRepr.str(name) + " does not exist, using @default instead");
        return "@default";
    }

    /** {@code @dispvm:X} needs X to be a disposable template. */
    private static Decision.Denied checkTemplate(String template, SystemInfo info) {
        Domain domain = info.get(template);
        if (domain == null || !domain.templateForDispvms()) {
            return Decision.Denied.of(Stage.REQUEST, null, "not a template for dispvm: " + template, true);
        }
        return null;
    }

    private static Decision.Denied checkRequestedSource(Request request, SystemInfo info) {
        String requested = request.requestedSource();
        Domain domain = info.get(requested);
        if (domain == null || domain.isEmpty()) {
            return Decision.Denied.of(Stage.REQUEST, null,
                    "unknown requested source qube " + PythonRepr.str(requested), true);
        }
        if (!"RemoteVM".equals(domain.type())) {
            return Decision.Denied.of(Stage.REQUEST, null,
                    requested + ": requested source is only authorized for RemoteVM", true);
        }
        if (!request.source().equals(domain.relayvm())) {
            return Decision.Denied.of(Stage.REQUEST, null,
                    request.source() + " is not a relay for " + requested, true);
        }
        return null;
    }

    /** The index of the first rule that matches, or -1. */
    private int firstMatch(Request request, Subject subject) {
        for (int index : policy.candidates(request, subject)) {
            if (forService(policy, policy.rule(index), request)
                    && policy.source(index).matchesSource(subject)
                    && policy.target(index).matchesTarget(subject)) {
                return index;
            }
        }
        return -1;
    }

    /** Whether {@code rule} is for the request's service and argument. */
    static boolean forService(CompiledPolicy policy, Rule rule, Request request) {
        return policy.indexed()
                || rule.service().matches(request.service()) && rule.argument().matches(request.argument());
    }

    // ------------------------------------------------------------------ allow

    private Decision allow(Rule rule, Action.Allow allow, Subject subject, List<String> log) {
        String where = rule.position().fileAndLine();
        String target = allow.target().map(Token::text).orElse(subject.target);
        if (allow.target().isPresent()) {
            switch (allow.target().get()) {
                case Token.Name name -> target = existingOrDefault(name.text(), subject.info, log);
                case Token.Uuid uuid -> target = existingOrDefault(uuid.text(), subject.info, log);
                case Token.DispVmTemplate template -> {
                    Decision.Denied refused = checkTemplate(template.template(), subject.info);
                    if (refused != null) {
                        return Decision.Denied.of(Stage.EVALUATION, rule, refused.reason(), true);
                    }
                }
                default -> { }
            }
        }
        if (target.equals("@default")) {
            return Decision.Denied.of(Stage.EVALUATION, rule, "policy define 'allow' action at " + where
                    + " but no target is specified by caller or policy", true);
        }
        if (target.equals("@dispvm")) {
            String template = subject.defaultDispvm();
            if (template == null) {
                return Decision.Denied.of(Stage.EVALUATION, rule, "policy define 'allow' action to @dispvm at "
                        + where + " but no DispVM base is set for this VM", true);
            }
            target = Targets.DISPVM_PREFIX + template;
        } else if (target.equals("@adminvm")) {
            target = "dom0";
        }
        if (!allow.autostartEnabled() && needsStart(target, subject.info)) {
            return Decision.Denied.of(Stage.EVALUATION, rule,
                    "target " + target + " is denied because it would require autostart", allow.notifyEnabled());
        }
        return new Decision.Allowed(rule, target, allow.user(), allow.autostartEnabled());
    }

    /** Whether calling {@code target} would start it: disposables always, other qubes unless running. */
    private static boolean needsStart(String target, SystemInfo info) {
        if (Targets.isDom0(target)) {
            return false;
        }
        if (target.startsWith("@dispvm")) {
            return true;
        }
        return !"Running".equals(info.require(target).powerState());
    }

    // ------------------------------------------------------------------ ask

    /**
     * What the ask {@code rule} decides for the request: the targets to offer and the
     * one to propose, or a deny when none is left. {@code trace} hears every step.
     */
    Decision ask(Rule rule, Action.Ask ask, Request request, Subject subject, List<String> log, AskTrace trace) {
        String where = rule.position().fileAndLine();
        List<String> choices;
        if (ask.target().isPresent()) {
            String written = ask.target().get().text();
            String only = Targets.isDom0(written) ? "dom0" : written;
            choices = List.of(only);
            trace.added(only, rule);
        } else {
            choices = AskTargets.collect(this, request, subject, trace);
        }
        if (!ask.autostartEnabled()) {
            List<String> running = new ArrayList<>(choices.size());
            for (String choice : choices) {
                if (Targets.isDom0(choice)) {
                    running.add(choice);
                } else if (choice.startsWith("@dispvm")) {
                    trace.dropped(choice, "a disposable would have to be started, and the rule says autostart=no");
                } else {
                    Domain domain = subject.info.get(choice);
                    if (domain == null) {
                        throw new ReferenceCrash("AssertionError", "ask target " + choice + " is not a qube");
                    }
                    if ("Running".equals(domain.powerState())) {
                        running.add(choice);
                    } else {
                        trace.dropped(choice, choice + " is not running, and the rule says autostart=no");
                    }
                }
            }
            choices = running;
        }
        if (choices.isEmpty()) {
            return Decision.Denied.of(Stage.EVALUATION, rule, "policy define 'ask' action at " + where
                    + " but no target is available to choose from", true);
        }
        List<String> sorted = new ArrayList<>(choices);
        sorted.sort(null);
        Optional<String> defaultTarget = Optional.empty();
        if (ask.defaultTarget().isPresent()) {
            String written = ask.defaultTarget().get().text();
            String proposed;
            if (written.equals("@dispvm")) {
                String template = subject.defaultDispvm();
                proposed = template == null ? null : Targets.DISPVM_PREFIX + template;
            } else if (Targets.isDom0(written)) {
                proposed = "dom0";
            } else {
                proposed = written;
            }
            if (proposed != null && !sorted.contains(proposed)) {
                trace.defaultRejected(proposed);
                log.add("warning: policy define default_target=" + proposed + " at " + where
                        + " but it is not among allowed targets (" + String.join(", ", sorted) + ")");
                proposed = null;
            }
            defaultTarget = Optional.ofNullable(proposed);
        }
        return new Decision.AskUser(rule, sorted, defaultTarget, ask.user(), ask.autostartEnabled(),
                ask.notifyEnabled());
    }
}
