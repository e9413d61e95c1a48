package dev.qrexec.admin;

import java.util.Objects;
import java.util.Optional;

/**
 * One of the nine {@code policy.*} admin services, e.g. {@code policy.include.Get}
 * ({@link Operation#GET_FILES} exists only in the main scope).
 */
public record AdminService(Operation operation, Scope scope) {
    public AdminService {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(scope, "scope");
        if (operation == Operation.GET_FILES && scope != Scope.MAIN) {
            throw new IllegalArgumentException("policy.GetFiles has no include variant");
        }
    }

    /** The qrexec service name, e.g. {@code policy.include.Replace}. */
    public String serviceName() {
        return scope.servicePrefix() + operation.word();
    }

    /** The service of this exact (case-sensitive) name, if there is one. */
    public static Optional<AdminService> named(String name) {
        for (Operation operation : Operation.values()) {
            for (Scope scope : Scope.values()) {
                if (operation == Operation.GET_FILES && scope != Scope.MAIN) {
                    continue;
                }
                AdminService service = new AdminService(operation, scope);
                if (service.serviceName().equals(name)) {
                    return Optional.of(service);
                }
            }
        }
        return Optional.empty();
    }
}
