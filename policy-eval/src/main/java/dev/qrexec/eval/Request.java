package dev.qrexec.eval;

import java.util.Objects;

/**
 * A qrexec call to decide: the calling qube, the target it named ({@code ""} for
 * none), the service and argument ({@code service_and_arg} split at the first
 * {@code +}; the argument keeps its {@code +} and is {@code +} when none was given),
 * and the qube a RemoteVM relay claims to act for ({@code ""} for none).
 */
public record Request(String source, String intendedTarget, String service, String argument,
                      String requestedSource) {
    public Request {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(intendedTarget, "intendedTarget");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(argument, "argument");
        Objects.requireNonNull(requestedSource, "requestedSource");
        if (!argument.startsWith("+")) {
            throw new IllegalArgumentException("argument must start with +: " + argument);
        }
    }

    /** A request as qrexec passes it: {@code SERVICE} or {@code SERVICE+ARGUMENT}. */
    public static Request of(String source, String intendedTarget, String serviceAndArgument) {
        return of(source, intendedTarget, serviceAndArgument, "");
    }

    /** A request with a requested source (RemoteVM relays); null or empty means none. */
    public static Request of(String source, String intendedTarget, String serviceAndArgument,
                             String requestedSource) {
        int plus = serviceAndArgument.indexOf('+');
        String service = plus < 0 ? serviceAndArgument : serviceAndArgument.substring(0, plus);
        String argument = plus < 0 ? "+" : serviceAndArgument.substring(plus);
        return new Request(source, intendedTarget, service, argument,
                requestedSource == null ? "" : requestedSource);
    }

    /** {@code SERVICE+ARGUMENT} as qrexec names the call (the argument always with its {@code +}). */
    public String serviceAndArgument() {
        return service + argument;
    }

    public boolean hasRequestedSource() {
        return !requestedSource.isEmpty();
    }
}
