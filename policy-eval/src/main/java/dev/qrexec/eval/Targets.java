package dev.qrexec.eval;

import dev.qrexec.parser.ast.Token;
import java.util.Set;

/** Facts about target strings shared by matching and resolution. */
final class Targets {
    private Targets() {}

    static final String DOM0_UUID = "uuid:00000000-0000-0000-0000-000000000000";
    static final String UUID_PREFIX = "uuid:";

    /** The three spellings of dom0. */
    static final Set<String> DOM0 = Set.of("dom0", "@adminvm", DOM0_UUID);

    /** Whether an offered target is a disposable: {@code @dispvm:TEMPLATE}, or {@code @dispvm} as a rule wrote it. */
    static boolean isDisposable(String target) {
        return target.startsWith(Token.DispVm.INSTANCE.text());
    }

    static boolean isDom0(String name) {
        return name.equals("dom0") || name.equals("@adminvm") || name.equals(DOM0_UUID);
    }

    /**
     * Whether a literal {@code a} (a name or {@code uuid:}) names the qube {@code b}:
     * equal strings, or a name and the {@code uuid:} form of the same qube.
     */
    static boolean nameMatches(String a, String b, SystemInfo info) {
        if (a.startsWith(UUID_PREFIX)) {
            if (b.startsWith(UUID_PREFIX)) {
                return a.equals(b);
            }
            Domain domain = info.get(b);
            return domain != null && domain.uuid() != null
                    && a.length() == UUID_PREFIX.length() + domain.uuid().length()
                    && a.endsWith(domain.uuid());
        }
        if (b.startsWith(UUID_PREFIX)) {
            Domain domain = info.get(a);
            return domain != null && domain.uuid() != null
                    && b.length() == UUID_PREFIX.length() + domain.uuid().length()
                    && b.endsWith(domain.uuid());
        }
        return a.equals(b);
    }
}
