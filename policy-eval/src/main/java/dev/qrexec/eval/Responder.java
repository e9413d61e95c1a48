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
        String reply;
        try {
            reply = responder.reply();
        } catch (ReferenceCrash crash) {
            responder.log.add(responder.prefix + " denied: the reference would fail here (" + crash.exception()
                    + "): " + crash.getMessage());
            reply = Response.DENY;
        } catch (RuntimeException e) {
            responder.log.add(responder.prefix + " denied: internal error: " + e);
            reply = Response.DENY;
        }
        return new Response(reply, evaluation, responder.log);
    }

    /** Decides and answers in one step. */
    public static Response answer(Evaluator evaluator, Request request, SystemInfo info, Mode mode,
                                  Interaction interaction) {
        return respond(evaluator.evaluate(request, info), info, mode, interaction);
    }

    private String reply() {
        return switch (evaluation.decision()) {
            case Decision.Denied denied -> {
                // the evaluator has logged it already
                if (denied.notifyUser() && denied.crash().isEmpty()) {
                    notifyDeny();
                }
                yield Response.DENY;
            }
            case Decision.Allowed allowed -> mode.justEvaluate()
                    ? Response.ALLOW
                    : fullAllow(allowed.target(), allowed.user(), allowed.autostart(),
                            allowed.rule().action().notifyEnabled());
            case Decision.AskUser ask -> ask(ask);
        };
    }

    private String ask(Decision.AskUser ask) {
        String target = evaluation.target();
        if (mode.justEvaluate()) {
            if (!mode.assumeYesForAsk()) {
                return Response.DENY;
            }
            return ask.targets().contains(target) ? Response.ALLOW : deny("target " + target + " is not a valid choice", true);
        }
        if (mode.assumeYesForAsk()) {
            return ask.targets().contains(target)
                    ? fullAllow(target, ask.user(), ask.autostart(), ask.notifyUser())
                    : deny("target " + target + " is not a valid choice", true);
        }
        return interactive(ask);
    }

    private String interactive(Decision.AskUser ask) {
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
            return fullAllow(chosen, ask.user(), ask.autostart(), ask.notifyUser());
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
                icons.put(Targets.DISPVM_PREFIX + domain.name(), requireIcon(domain).replace("app", "disp"));
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
     * The allow lines for {@code target}, after the log line and the allow
     * notification the reference gives first; loopback and incomplete RemoteVMs deny.
     */
    private String fullAllow(String target, Optional<String> user, boolean autostart, boolean notify) {
        String source = evaluation.source();
        String requested = evaluation.target();
        log.add("qrexec: " + request.service() + request.argument() + ": " + source + " -> " + requested
                + ": allowed to " + target);
        if (notify) {
            Domain sourceDomain = info.get(source);
            String guivm = sourceDomain == null ? null : sourceDomain.guivm();
            if (guivm != null && !guivm.isEmpty()) {
                send(guivm, new Notification("allow", request.service(), request.argument(), source, target));
            }
        }
        if (source.equals(target)) {
            return deny("loopback qrexec connection not supported", true);
        }
        String userLine = "user=" + user.filter(u -> !u.isEmpty()).orElse("DEFAULT");
        String autostartLine = "autostart=" + (autostart ? "True" : "False");
        String requestedLine = "requested_target=" + requested;
        String policySource = request.hasRequestedSource() ? "\npolicy_source=" + source : "";
        if (Targets.isDom0(target)) {
            return userLine + "\nresult=allow\ntarget=dom0\n" + autostartLine + "\n" + requestedLine;
        }
        if (target.startsWith(Targets.DISPVM_PREFIX)) {
            Domain template = info.require(target.substring(Targets.DISPVM_PREFIX.length()));
            return userLine + "\nresult=allow\ntarget=" + target + "\ntarget_uuid=@dispvm:uuid:"
                    + template.requireUuid() + "\n" + autostartLine + "\n" + requestedLine + policySource;
        }
        Domain domain = info.require(target);
        if ("RemoteVM".equals(domain.type())) {
            if (user.isPresent()) {
                log.add("Ignoring user directive in policy. This is not supported in the case of RemoveVM.");
            }
            String relay = domain.relayvm();
            if (relay == null || relay.isEmpty()) {
                return deny(target + ": relayvm is not set", true);
            }
            String transport = domain.transportRpc();
            if (transport == null || transport.isEmpty()) {
                return deny(target + ": transport RPC is not set", true);
            }
            Domain relayDomain = info.require(relay);
            return "user=DEFAULT\nresult=allow\ntarget=" + relay + "\ntarget_uuid=uuid:" + relayDomain.requireUuid()
                    + "\n" + autostartLine + "\n" + requestedLine + "\nservice=" + transport + "+" + requested + "+"
                    + request.service() + request.argument() + policySource;
        }
        return userLine + "\nresult=allow\ntarget=" + target + "\ntarget_uuid=uuid:" + domain.requireUuid() + "\n"
                + autostartLine + "\n" + requestedLine + policySource;
    }

    /** Denies for {@code reason}, with a deny notification when requested. */
    private String deny(String reason, boolean notify) {
        log.add(prefix + " denied: " + reason);
        if (notify) {
            notifyDeny();
        }
        return Response.DENY;
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
