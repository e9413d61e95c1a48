package dev.qrexec.daemon;

import dev.qrexec.eval.Evaluator;
import dev.qrexec.eval.Interaction;
import dev.qrexec.eval.Mode;
import dev.qrexec.eval.Reply;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.Responder;
import dev.qrexec.eval.Response;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.SystemInfoException;
import dev.qrexec.eval.SystemInfoSource;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The evaluation core shared by the sockets and {@code qrexec-policy exec}: system
 * information from its source, the current policy, the evaluator and responder of
 * policy-eval, and the log. Never throws: whatever fails is a logged deny.
 */
public final class RequestHandler {
    private final Supplier<Evaluator> policy;
    private final SystemInfoSource systemInfo;
    private final Interaction agent;
    private final Consumer<String> log;

    public RequestHandler(Supplier<Evaluator> policy, SystemInfoSource systemInfo, Interaction agent, Consumer<String> log) {
        this.policy = policy;
        this.systemInfo = systemInfo;
        this.agent = agent;
        this.log = log;
    }

    /** The current system information, or null after logging why there is none for {@code request}. */
    SystemInfo systemInfo(Request request) {
        try {
            return systemInfo.get();
        } catch (SystemInfoException e) {
            log.accept(Evaluator.logPrefix(request) + " error getting system info: " + e.getMessage());
            return null;
        } catch (RuntimeException e) {
            log.accept(Evaluator.logPrefix(request) + " error getting system info: internal error: " + e);
            return null;
        }
    }

    /** The reply to {@code request} in {@code mode}, system information fetched first. */
    public Reply answer(Request request, Mode mode) {
        SystemInfo info = systemInfo(request);
        return info == null ? Reply.Deny.INSTANCE : answer(request, mode, info);
    }

    /** The reply to {@code request} in {@code mode} with the system information {@code info}. */
    Reply answer(Request request, Mode mode, SystemInfo info) {
        try {
            Response response = Responder.answer(policy.get(), request, info, mode, agent);
            response.log().forEach(log);
            return response.reply();
        } catch (RuntimeException | Error e) {
            log.accept(Evaluator.logPrefix(request) + " denied: internal error: " + e);
            return Reply.Deny.INSTANCE;
        }
    }
}
