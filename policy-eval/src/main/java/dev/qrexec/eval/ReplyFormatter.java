package dev.qrexec.eval;

/**
 * The daemon's exact reply bytes for a {@link Reply}: {@code result=deny},
 * {@code result=allow}, or the allow lines, without a trailing newline. The one
 * place that writes them.
 */
public final class ReplyFormatter {
    private ReplyFormatter() {}

    public static String format(Reply reply) {
        return switch (reply) {
            case Reply.Deny deny -> "result=deny";
            case Reply.Allow allow -> "result=allow";
            case Reply.Call call -> lines(call);
        };
    }

    /** What the {@code target=} line names: dom0, the qube, the disposable, or a RemoteVM's relay. */
    public static String targetName(Reply.Call call) {
        return switch (call.target()) {
            case Resolution.Dom0 dom0 -> "dom0";
            case Resolution.Qube qube -> qube.text();
            case Resolution.NewDisposable disposable -> disposable.text();
            case Resolution.RemoteRelay relay -> relay.relay();
        };
    }

    private static String lines(Reply.Call call) {
        StringBuilder out = new StringBuilder(192);
        out.append("user=").append(call.userOrDefault()).append("\nresult=allow\ntarget=").append(targetName(call));
        call.targetUuid().ifPresent(uuid -> out.append("\ntarget_uuid=")
                .append(call.target() instanceof Resolution.NewDisposable ? "@dispvm:uuid:" : "uuid:").append(uuid));
        out.append("\nautostart=").append(call.autostart() ? "True" : "False");
        out.append("\nrequested_target=").append(call.requestedTarget());
        if (call.target() instanceof Resolution.RemoteRelay relay) {
            out.append("\nservice=").append(relay.service());
        }
        call.policySource().ifPresent(source -> out.append("\npolicy_source=").append(source));
        return out.toString();
    }
}
