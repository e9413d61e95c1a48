package dev.qrexec.eval;

import java.util.Objects;

/**
 * A {@code policy.Notify} call: the resolution ({@code allow} or {@code deny}), the
 * service and argument, the source and the target.
 */
public record Notification(String resolution, String service, String argument, String source, String target) {
    public Notification {
        Objects.requireNonNull(resolution);
        Objects.requireNonNull(service);
        Objects.requireNonNull(argument);
        Objects.requireNonNull(source);
        Objects.requireNonNull(target);
    }

    /** The JSON the agent reads, keys in the reference's order. */
    public String toJson() {
        StringBuilder out = new StringBuilder(128);
        out.append("{\"resolution\": ");
        PythonJson.string(out, resolution);
        out.append(", \"service\": ");
        PythonJson.string(out, service);
        out.append(", \"argument\": ");
        PythonJson.string(out, argument);
        out.append(", \"source\": ");
        PythonJson.string(out, source);
        out.append(", \"target\": ");
        PythonJson.string(out, target);
        return out.append('}').toString();
    }
}
