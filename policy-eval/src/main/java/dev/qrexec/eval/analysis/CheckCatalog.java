package dev.qrexec.eval.analysis;

import dev.qrexec.parser.Code;
import java.util.List;

/** Every warning the linter gives: its stable code and what it means, for {@code --list-checks} and the manual. */
public final class CheckCatalog {
    private CheckCatalog() {}

    /** One kind of warning. {@code needsSystemInfo}: only with {@code --system-info}. */
    public record Entry(Code code, boolean needsSystemInfo, String description) {}

    public static final List<Entry> WARNINGS = List.of(
            new Entry(Code.SHADOWED_RULE, false, "a rule never matches: an earlier rule always matches first"),
            new Entry(Code.DUPLICATE_RULE, false, "a rule repeats an earlier one"),
            new Entry(Code.CATCH_ALL_HIDES_LATER, false,
                    "a rule for every service hides rules of later files (qubes-issues#7755)"),
            new Entry(Code.REDIRECT_PAST_DENY, false,
                    "target= or default_target= sends calls to a qube an earlier rule denies (qubes-issues#8227)"),
            new Entry(Code.SHELL_NOT_TO_DISPVM, false,
                    "qubes.VMShell, VMExec or VMRootShell allowed to a qube that is not a disposable"),
            new Entry(Code.ADMIN_WITHOUT_DOM0_TARGET, false, "admin.* allowed or asked without target=dom0"),
            new Entry(Code.COMPAT_TRANSITIONAL, false, "!compat-4.0 is transitional"),
            new Entry(Code.UNKNOWN_QUBE, true, "a token names a qube that does not exist"),
            new Entry(Code.UNKNOWN_TAG, true, "a token names a tag no qube has (tags qubesd sets at run time are known)"),
            new Entry(Code.UNKNOWN_TYPE, true, "a token names a type no qube has"),
            new Entry(Code.NEVER_MATCHES, true, "a rule's source or target stands for no qube (beyond unknown-*): the rule never matches"),
            new Entry(Code.DEFAULT_TARGET_NOT_ALLOWED, true, "a default_target= that the ask never offers"));
}
