package dev.qrexec.eval;

import dev.qrexec.parser.ast.Token;
import java.util.Objects;

/**
 * Where an allowed call goes: dom0, an existing qube, a new disposable of a
 * template, or a RemoteVM reached through its relay. The evaluator resolves the
 * policy's target tokens into the first three; the responder turns a qube that is
 * a RemoteVM into its relay when it writes the reply.
 */
public sealed interface Resolution {
    /** The target as the log and the notifications name it. */
    String text();

    /** dom0, under the name it was called by ({@code dom0} or its {@code uuid:} form). */
    record Dom0(String text) implements Resolution {
        public static final Dom0 PLAIN = new Dom0("dom0");

        public Dom0 {
            Objects.requireNonNull(text);
        }
    }

    /** An existing qube, by its name or {@code uuid:} form. */
    record Qube(String text) implements Resolution {
        public Qube {
            Objects.requireNonNull(text);
        }
    }

    /** A new disposable of {@code template} (a name or {@code uuid:} form). */
    record NewDisposable(String template) implements Resolution {
        public NewDisposable {
            Objects.requireNonNull(template);
        }

        @Override
        public String text() {
            return new Token.DispVmTemplate(template).text();
        }
    }

    /**
     * The RemoteVM {@code remote}, reached through the qube {@code relay}, which runs
     * {@code service} (the transport service, the requested target and the call).
     */
    record RemoteRelay(String remote, String relay, String service) implements Resolution {
        public RemoteRelay {
            Objects.requireNonNull(remote);
            Objects.requireNonNull(relay);
            Objects.requireNonNull(service);
        }

        @Override
        public String text() {
            return remote;
        }
    }

    /**
     * The resolution of a target offered by an {@code ask} and chosen by the user (or
     * assumed): dom0 by any of its names, a new disposable, or a qube.
     */
    static Resolution ofChoice(String choice) {
        if (Targets.isDom0(choice)) {
            return new Dom0(choice);
        }
        if (choice.startsWith(Token.DISPVM_PREFIX)) {
            return new NewDisposable(choice.substring(Token.DISPVM_PREFIX.length()));
        }
        return new Qube(choice);
    }
}
