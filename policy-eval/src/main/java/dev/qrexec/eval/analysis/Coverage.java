package dev.qrexec.eval.analysis;

import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.ast.Token;

/**
 * When one rule matches every request another rule matches, whatever the system
 * information: its service and argument cover the other's, and so do its source and
 * target tokens. A token covers another when it is the same token, when it is
 * {@code *}, when it is {@code @anyvm} and the other can never stand for dom0
 * (a literal other than dom0, {@code @default}, or a disposable), or when both are
 * spellings of dom0. Anything that depends on the qubes ({@code @tag:},
 * {@code @type:}, names against their UUIDs) covers nothing but itself. System
 * information is assumed sane: dom0 has the all-zero UUID and no other qube has it.
 */
final class Coverage {
    private static final String DOM0_UUID = "00000000-0000-0000-0000-000000000000";

    private Coverage() {}

    /** Whether {@code earlier} matches every request that {@code later} matches. */
    static boolean covers(Rule earlier, Rule later) {
        return covers(earlier.service(), later.service())
                && covers(earlier.argument(), later.argument())
                && covers(earlier.source(), later.source())
                && covers(earlier.target(), later.target());
    }

    static boolean covers(ServiceSpec a, ServiceSpec b) {
        return a instanceof ServiceSpec.Any || a.equals(b);
    }

    static boolean covers(ArgumentSpec a, ArgumentSpec b) {
        return a instanceof ArgumentSpec.Any || a.equals(b);
    }

    /** Whether the token {@code a} matches whatever {@code b} matches, in the same column. */
    static boolean covers(Token a, Token b) {
        if (a.equals(b) || a instanceof Token.Any) {
            return true;
        }
        if (isDom0(a)) {
            return isDom0(b);
        }
        return a instanceof Token.AnyVm && !mayBeDom0(b);
    }

    /** The three spellings of dom0: {@code dom0}, {@code @adminvm} and its {@code uuid:}. */
    static boolean isDom0(Token token) {
        return switch (token) {
            case Token.AdminVm adminVm -> true;
            case Token.Name name -> name.name().equals("dom0");
            case Token.Uuid uuid -> uuid.uuid().equals(DOM0_UUID);
            case Token.Any any -> false;
            case Token.AnyVm anyVm -> false;
            case Token.Default def -> false;
            case Token.DispVm dispVm -> false;
            case Token.DispVmTemplate template -> false;
            case Token.DispVmTag tag -> false;
            case Token.Tag tag -> false;
            case Token.Type type -> false;
        };
    }

    /** Whether some system information lets {@code token} match dom0. */
    private static boolean mayBeDom0(Token token) {
        return switch (token) {
            case Token.Any any -> true;
            case Token.Tag tag -> true;
            case Token.Type type -> true;
            case Token.AdminVm adminVm -> true;
            case Token.Name name -> isDom0(name);
            case Token.Uuid uuid -> isDom0(uuid);
            case Token.AnyVm anyVm -> false;
            case Token.Default def -> false;
            case Token.DispVm dispVm -> false;
            case Token.DispVmTemplate template -> false;
            case Token.DispVmTag tag -> false;
        };
    }
}
