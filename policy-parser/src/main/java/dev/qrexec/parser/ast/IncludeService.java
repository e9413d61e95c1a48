package dev.qrexec.parser.ast;

import dev.qrexec.parser.Position;
import java.util.Objects;

/**
 * {@code !include-service SERVICE ARGUMENT PATH}: a file in the legacy per-service
 * syntax whose rules all get this service and argument. Equality ignores the position.
 */
public record IncludeService(ServiceSpec service, ArgumentSpec argument, String path, Position position)
        implements Line {
    public IncludeService {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(argument, "argument");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(position, "position");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IncludeService i && service.equals(i.service) && argument.equals(i.argument)
                && path.equals(i.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, argument, path);
    }
}
