package dev.qrexec.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a decision into the reply for one of the daemon's modes: asks the user or
 * assumes yes for an {@code ask}, builds the allow lines (with their last checks:
 * loopback, RemoteVM relay), and sends the notifications the reference sends, in
 * its order. Never throws: a failure of the agent or a missing fact is a deny.
 */
public final class Responder {
    private final SystemInfo info;
    private final Mode mode;
    private final Interaction interaction;
    private final Evaluation evaluation;
    private final Request request;
    private final List<String> log;
    private final String prefix;

    private Responder(Evaluation evaluation, SystemInfo info, Mode mode, Interaction interaction) {
        this.evaluation = evaluation;
        this.info = info;
        this.mode = mode;
        this.interaction = interaction;
        this.request = evaluation.request();
        this.log = new ArrayList<>(evaluation.log());
        this.prefix = Evaluator.logPrefix(request);
    }

    /** The reply to {@code evaluation} in {@code mode}. */
    public static Response respond(Evaluation evaluation, SystemInfo info, Mode mode, Interaction interaction) {
        Responder responder = new Responder(evaluation, info, mode, interaction);
        Reply reply;
        try {
            reply = responder.reply();
        } catch (ReferenceCrash crash) {
            responder.log.add(responder.prefix + " denied: the reference would fail here (" + crash.exception()
                    + "): " + crash.getMessage());
            reply = Reply.Deny.INSTANCE;
        } catch (RuntimeException e) {
            responder.log.add(responder.prefix + " denied: internal error: " + e);
            reply = Reply.Deny.INSTANCE;
        }
        return new Response(reply, evaluation, responder.log);
    }

    /** Decides and answers in one step. */
    public static Response answer(Evaluator evaluator, Request request, SystemInfo info, Mode mode,
                                  Interaction interaction) {
        return respond(evaluator.evaluate(request, info), info, mode, interaction);
    }

    private Reply reply() {
        return switch (evaluation.decision()) {
            case Decision.Denied denied -> {
                // the evaluator has logged it already
                if (denied.notifyUser() && denied.crash().isEmpty()) {
                    notifyDeny();
                }
                yield Reply.Deny.INSTANCE;
            }
            case Decision.Allowed allowed -> mode.justEvaluate()
                    ? Reply.Allow.INSTANCE
                    : call(allowed.target(), allowed.user(), allowed.autostart(),
                            allowed.rule().action().notifyEnabled());
            case Decision.AskUser ask -> ask(ask);
        };
    }

    private Reply ask(Decision.AskUser ask) {
        String target = evaluation.target();
        if (mode.justEvaluate()) {
            if (!mode.assumeYesForAsk()) {
                return Reply.Deny.INSTANCE;
            }
            return ask.targets().contains(target)
                    ? Reply.Allow.INSTANCE
                    : deny("target " + target + " is not a valid choice", true);
        }
        if (mode.assumeYesForAsk()) {
            return ask.targets().contains(target)
                    ? call(Resolution.ofChoice(target), ask.user(), ask.autostart(), ask.notifyUser())
                    : deny("target " + target + " is not a valid choice", true);
        }
        return interactive(ask);
    }

    private Reply interactive(Decision.AskUser ask) {
        String source = evaluation.source();
        Domain sourceDomain = info.require(source);
        if (!sourceDomain.hasGuivm()) {
            throw ReferenceCrash.missingField(source, "guivm");
        }
        String where = ask.rule().position().fileAndLine();
        String guivm = sourceDomain.guivm();
        if (guivm == null || guivm.isEmpty()) {
            log.add(request.service() + " not allowed from " + source
                    + ": the resolution was \"ask\", but source domain has no GuiVM");
            return deny("denied by the user " + where, ask.notifyUser());
        }
        AskParameters parameters = new AskParameters(source, request.service(), request.argument(), ask.targets(),
                ask.defaultTarget().orElse(""), icons());
        String answer;
        try {
            answer = interaction.ask(guivm, parameters);
        } catch (Exception e) {
            throw new ReferenceCrash("OSError", "cannot ask the user in " + guivm + ": " + e.getMessage());
        }
        if (answer.equals("deny")) {
            return deny("denied by the user " + where, ask.notifyUser());
        }
        if (answer.startsWith("allow:")) {
            String chosen = answer.substring("allow:".length());
            if (!ask.targets().contains(chosen)) {
                return deny("target " + chosen + " is not a valid choice", true);
            }
            return call(Resolution.ofChoice(chosen), ask.user(), ask.autostart(), ask.notifyUser());
        }
        log.add("invalid ask response for " + request.service() + ": " + LogText.printable(answer));
        return deny("invalid response", true);
    }

    /** Every qube's icon, and the disposable icon of every disposable template. */
    private Map<String, String> icons() {
        Map<String, String> icons = new LinkedHashMap<>();
        for (Domain domain : info.domains()) {
            icons.put(domain.name(), requireIcon(domain));
        }
        for (Domain domain : info.domains()) {
            if (domain.templateForDispvms()) {
                icons.put(new Resolution.NewDisposable(domain.name()).text(), requireIcon(domain).replace("app", "disp"));
            }
        }
        return icons;
    }

    private static String requireIcon(Domain domain) {
        if (domain.icon() == null) {
            throw ReferenceCrash.missingField(domain.name(), "icon");
        }
        return domain.icon();
    }

    /**
     * The call to {@code target}, after the log line and the allow notification the
     * reference gives first; loopback and incomplete RemoteVMs deny.
     */
    private Reply call(Resolution target, Optional<String> user, boolean autostart, boolean notify) {
        String source = evaluation.source();
        String requested = evaluation.target();
        log.add("qrexec: " + request.service() + request.argument() + ": " + source + " -> " + requested
                + ": allowed to " + target.text());
        if (notify) {
            Domain sourceDomain = info.get(source);
            String guivm = sourceDomain == null ? null : sourceDomain.guivm();
            if (guivm != null && !guivm.isEmpty()) {
                send(guivm, new Notification("allow", request.service(), request.argument(), source, target.text()));
            }
        }
        if (source.equals(target.text())) {
            return deny("loopback qrexec connection not supported", true);
        }
        Optional<String> policySource = request.hasRequestedSource() ? Optional.of(source) : Optional.empty();
        return switch (target) {
            case Resolution.Dom0 dom0 -> new Reply.Call(dom0, Optional.empty(), user, autostart, requested,
                    Optional.empty());
            case Resolution.NewDisposable disposable -> new Reply.Call(disposable,
                    Optional.of(info.require(disposable.template()).requireUuid()), user, autostart, requested,
                    policySource);
            case Resolution.Qube qube -> {
                Domain domain = info.require(qube.text());
                if (!domain.isRemoteVm()) {
                    yield new Reply.Call(qube, Optional.of(domain.requireUuid()), user, autostart, requested,
                            policySource);
                }
                if (user.isPresent()) {
                    log.add("Ignoring user directive in policy. This is not supported in the case of RemoveVM.");
                }
                String relay = domain.relayvm();
                if (relay == null || relay.isEmpty()) {
                    yield deny(qube.text() + ": relayvm is not set", true);
                }
                String transport = domain.transportRpc();
                if (transport == null || transport.isEmpty()) {
                    yield deny(qube.text() + ": transport RPC is not set", true);
                }
                yield relayed(new Resolution.RemoteRelay(qube.text(), relay,
                        transport + "+" + requested + "+" + request.service() + request.argument()),
                        autostart, requested, policySource);
            }
            case Resolution.RemoteRelay relay -> relayed(relay, autostart, requested, policySource);
        };
    }

    private Reply relayed(Resolution.RemoteRelay relay, boolean autostart, String requested,
                          Optional<String> policySource) {
        return new Reply.Call(relay, Optional.of(info.require(relay.relay()).requireUuid()), Optional.empty(),
                autostart, requested, policySource);
    }

    /** Denies for {@code reason}, with a deny notification when requested. */
    private Reply deny(String reason, boolean notify) {
        log.add(prefix + " denied: " + reason);
        if (notify) {
            notifyDeny();
        }
        return Reply.Deny.INSTANCE;
    }

    /**
     * The deny notification, to the GUI qube of the original source; the reference
     * fails when that source is unknown, so nothing is sent then.
     */
    private void notifyDeny() {
        if (mode.justEvaluate()) {
            return;
        }
        Domain original = info.get(request.source());
        if (original == null || !original.hasGuivm()) {
            log.add(prefix + " no deny notification: " + request.source() + " has no GUI qube entry");
            return;
        }
        String guivm = original.guivm();
        if (guivm != null && !guivm.isEmpty()) {
            send(guivm, new Notification("deny", request.service(), request.argument(), request.source(),
                    request.intendedTarget()));
        }
    }

    private void send(String guivm, Notification notification) {
        try {
            interaction.notify(guivm, notification);
        } catch (Exception e) {
            log.add("error calling qrexec-policy-agent in " + guivm + ": " + e);
        }
    }
}
