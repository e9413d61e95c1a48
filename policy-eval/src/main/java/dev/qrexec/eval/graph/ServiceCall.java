package dev.qrexec.eval.graph;

import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One service and argument the graph asks the policy about: those of a rule (empty
 * for {@code *}) or those named with {@code --service}. A call without a service
 * stands for the rules of every service and is evaluated as a service no rule names.
 */
record ServiceCall(Optional<String> service, Optional<String> argument) {
    /** The service of a request that only {@code *} rules match: {@code *} is never a service name. */
    static final String NO_SERVICE = "*";

    /** The reference's order: by service, then argument, a missing one counting as empty. */
    static final Comparator<ServiceCall> ORDER = Comparator
            .comparing((ServiceCall c) -> c.service().orElse(""))
            .thenComparing(c -> c.argument().orElse(""));

    ServiceCall {
        Objects.requireNonNull(service);
        Objects.requireNonNull(argument);
    }

    /** The service and argument a rule is written for. */
    static ServiceCall of(Rule rule) {
        Optional<String> service = switch (rule.service()) {
            case ServiceSpec.Any any -> Optional.empty();
            case ServiceSpec.Named named -> Optional.of(named.name());
        };
        Optional<String> argument = switch (rule.argument()) {
            case ArgumentSpec.Any any -> Optional.empty();
            case ArgumentSpec.Exact exact -> Optional.of(exact.argument());
        };
        return new ServiceCall(service, argument);
    }

    /** {@code SERVICE} or {@code SERVICE+ARGUMENT}, split at the first {@code +}. */
    static ServiceCall parse(String text) {
        int plus = text.indexOf('+');
        return plus < 0
                ? new ServiceCall(Optional.of(text), Optional.empty())
                : new ServiceCall(Optional.of(text.substring(0, plus)), Optional.of(text.substring(plus)));
    }

    /** Whether {@code --service} values select this call: its service, or its service and argument, is listed. */
    boolean selectedBy(List<String> services) {
        return service.isPresent()
                && (services.contains(service.get()) || services.contains(service.get() + argument.orElse("")));
    }

    /** The service of the request to evaluate. */
    String requestService() {
        return service.orElse(NO_SERVICE);
    }

    /** The argument of the request to evaluate: {@code +} (none) when the call has no argument. */
    String requestArgument() {
        return argument.orElse("+");
    }

    /** The service as edge labels name it: {@code None} for the rules of every service, as the reference prints. */
    String label() {
        return service.orElse("None");
    }
}
