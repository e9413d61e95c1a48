package dev.qrexec.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parameters of a {@code policy.Ask} call to the GUI qube: who calls what, the
 * targets to offer, the proposed one ({@code ""} for none) and an icon per qube.
 */
public record AskParameters(String source, String service, String argument, List<String> targets,
                            String defaultTarget, Map<String, String> icons) {
    public AskParameters {
        Objects.requireNonNull(source);
        Objects.requireNonNull(service);
        Objects.requireNonNull(argument);
        targets = List.copyOf(targets);
        Objects.requireNonNull(defaultTarget);
        icons = Collections.unmodifiableMap(new LinkedHashMap<>(icons));
    }

    /** The JSON the agent reads, keys in the reference's order. */
    public String toJson() {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"source\": ");
        PythonJson.string(out, source);
        out.append(", \"service\": ");
        PythonJson.string(out, service);
        out.append(", \"argument\": ");
        PythonJson.string(out, argument);
        out.append(", \"targets\": ");
        PythonJson.list(out, targets);
        out.append(", \"default_target\": ");
        PythonJson.string(out, defaultTarget);
        out.append(", \"icons\": ");
        PythonJson.map(out, icons);
        return out.append('}').toString();
    }
}
