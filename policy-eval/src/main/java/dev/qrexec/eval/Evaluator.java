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
        String intended = request.intendedTarget().isEmpty() ? Token.Default.INSTANCE.text() : request.intendedTarget();
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
                case Token.Name name -> token = existingOrDefault(name, info, log);
                case Token.Uuid uuid -> token = existingOrDefault(uuid, info, log);
                case Token.DispVmTemplate template -> refused = checkTemplate(template.template(), info);
                case Token.Default keyword -> { }
                case Token.DispVm keyword -> { }
                case Token.AdminVm keyword -> { }
                case Token.Any notATarget -> { }
                case Token.AnyVm notATarget -> { }
                case Token.DispVmTag notATarget -> { }
                case Token.Tag notATarget -> { }
                case Token.Type notATarget -> { }
            }
            target = token.text();
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
                case Action.Allow allow -> allow(rule, allow, token, subject, log);
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
    private static Token existingOrDefault(Token named, SystemInfo info, List<String> log) {
        if (info.contains(named.text())) {
            return named;
        }
        log.add("qrexec: target " + PythonRepr.str(named.text()) + " does not exist, using "
                + Token.Default.INSTANCE.text() + " instead");
        return Token.Default.INSTANCE;
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
        if (!domain.isRemoteVm()) {
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
            if (policy.forService(index, request)
                    && policy.source(index).matchesSource(subject)
                    && policy.target(index).matchesTarget(subject)) {
                return index;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ allow

    private Decision allow(Rule rule, Action.Allow allow, Token intended, Subject subject, List<String> log) {
        String where = rule.position().fileAndLine();
        Token target = intended;
        if (allow.target().isPresent()) {
            target = allow.target().get();
            switch (target) {
                case Token.Name name -> target = existingOrDefault(name, subject.info, log);
                case Token.Uuid uuid -> target = existingOrDefault(uuid, subject.info, log);
                case Token.DispVmTemplate template -> {
                    Decision.Denied refused = checkTemplate(template.template(), subject.info);
                    if (refused != null) {
                        return Decision.Denied.of(Stage.EVALUATION, rule, refused.reason(), true);
                    }
                }
                case Token.Default keyword -> { }
                case Token.DispVm keyword -> { }
                case Token.AdminVm keyword -> { }
                case Token.Any notATarget -> { }
                case Token.AnyVm notATarget -> { }
                case Token.DispVmTag notATarget -> { }
                case Token.Tag notATarget -> { }
                case Token.Type notATarget -> { }
            }
        }
        if (target instanceof Token.DispVm && subject.defaultDispvm() == null) {
            return Decision.Denied.of(Stage.EVALUATION, rule, "policy define 'allow' action to @dispvm at "
                    + where + " but no DispVM base is set for this VM", true);
        }
        Resolution resolution = switch (target) {
            case Token.Default keyword -> null;
            case Token.DispVm keyword -> new Resolution.NewDisposable(subject.defaultDispvm());
            case Token.AdminVm keyword -> Resolution.Dom0.PLAIN;
            case Token.DispVmTemplate template -> new Resolution.NewDisposable(template.template());
            case Token.Name name -> named(name.text());
            case Token.Uuid uuid -> named(uuid.text());
            // not targets: the parser refuses them as intended and redirect targets
            case Token.Any notATarget -> named(notATarget.text());
            case Token.AnyVm notATarget -> named(notATarget.text());
            case Token.DispVmTag notATarget -> named(notATarget.text());
            case Token.Tag notATarget -> named(notATarget.text());
            case Token.Type notATarget -> named(notATarget.text());
        };
        if (resolution == null) {
            return Decision.Denied.of(Stage.EVALUATION, rule, "policy define 'allow' action at " + where
                    + " but no target is specified by caller or policy", true);
        }
        if (!allow.autostartEnabled() && needsStart(resolution, subject.info)) {
            return Decision.Denied.of(Stage.EVALUATION, rule, "target " + resolution.text()
                    + " is denied because it would require autostart", allow.notifyEnabled());
        }
        return new Decision.Allowed(rule, resolution, allow.user(), allow.autostartEnabled());
    }

    /** A target named by a name or {@code uuid:}: dom0 by any of its names, else a qube. */
    private static Resolution named(String text) {
        return Targets.isDom0(text) ? new Resolution.Dom0(text) : new Resolution.Qube(text);
    }

    /** Whether calling {@code target} would start it: disposables always, other qubes unless running. */
    private static boolean needsStart(Resolution target, SystemInfo info) {
        return switch (target) {
            case Resolution.Dom0 dom0 -> false;
            case Resolution.NewDisposable disposable -> true;
            case Resolution.Qube qube -> !info.require(qube.text()).isRunning();
            case Resolution.RemoteRelay relay -> !info.require(relay.remote()).isRunning();
        };
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
            choices = AskTargets.collect(policy, request, subject, trace);
        }
        if (!ask.autostartEnabled()) {
            List<String> running = new ArrayList<>(choices.size());
            for (String choice : choices) {
                if (Targets.isDom0(choice)) {
                    running.add(choice);
                } else if (Targets.isDisposable(choice)) {
                    trace.dropped(choice, "a disposable would have to be started, and the rule says autostart=no");
                } else {
                    Domain domain = subject.info.get(choice);
                    if (domain == null) {
                        throw new ReferenceCrash("AssertionError", "ask target " + choice + " is not a qube");
                    }
                    if (domain.isRunning()) {
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
            Token written = ask.defaultTarget().get();
            String proposed = switch (written) {
                case Token.DispVm keyword -> {
                    String template = subject.defaultDispvm();
                    yield template == null ? null : new Resolution.NewDisposable(template).text();
                }
                case Token.AdminVm keyword -> Resolution.Dom0.PLAIN.text();
                case Token.Name name -> Targets.isDom0(name.text()) ? Resolution.Dom0.PLAIN.text() : name.text();
                case Token.Uuid uuid -> Targets.isDom0(uuid.text()) ? Resolution.Dom0.PLAIN.text() : uuid.text();
                case Token.Default keyword -> keyword.text();
                case Token.DispVmTemplate template -> template.text();
                case Token.Any notATarget -> notATarget.text();
                case Token.AnyVm notATarget -> notATarget.text();
                case Token.DispVmTag notATarget -> notATarget.text();
                case Token.Tag notATarget -> notATarget.text();
                case Token.Type notATarget -> notATarget.text();
            };
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
