package dev.qrexec.eval.diff;

/** How a request's outcome changed between the old and the new policy, in the order a diff lists them. */
public enum ChangeKind {
    DENY_TO_ALLOW("deny -> allow"),
    DENY_TO_ASK("deny -> ask"),
    ASK_TO_ALLOW("ask -> allow"),
    ALLOW_TARGET_CHANGED("allowed target changed"),
    ASK_TARGETS_CHANGED("ask targets changed"),
    ASK_DEFAULT_CHANGED("ask default target changed"),
    DETAILS_CHANGED("user or autostart changed"),
    ALLOW_TO_ASK("allow -> ask"),
    ALLOW_TO_DENY("allow -> deny"),
    ASK_TO_DENY("ask -> deny"),
    REPLY_CHANGED("reply changed");

    private final String title;

    ChangeKind(String title) {
        this.title = title;
    }

    /** The heading of the group, as printed. */
    public String title() {
        return title;
    }

    /** The kind of change from {@code old} to {@code now}, which do not behave alike. */
    static ChangeKind of(Outcome old, Outcome now) {
        String from = old.decision();
        String to = now.decision();
        if (!from.equals(to)) {
            return switch (from + ">" + to) {
                case "deny>allow" -> DENY_TO_ALLOW;
                case "deny>ask" -> DENY_TO_ASK;
                case "ask>allow" -> ASK_TO_ALLOW;
                case "allow>ask" -> ALLOW_TO_ASK;
                case "allow>deny" -> ALLOW_TO_DENY;
                case "ask>deny" -> ASK_TO_DENY;
                default -> throw new IllegalStateException("unknown decisions " + from + ", " + to);
            };
        }
        if (from.equals("allow") && !old.target().equals(now.target())) {
            return ALLOW_TARGET_CHANGED;
        }
        if (from.equals("ask") && !old.targetsForAsk().equals(now.targetsForAsk())) {
            return ASK_TARGETS_CHANGED;
        }
        if (from.equals("ask") && !old.defaultTarget().equals(now.defaultTarget())) {
            return ASK_DEFAULT_CHANGED;
        }
        if (!old.user().equals(now.user()) || old.autostart() != now.autostart()) {
            return DETAILS_CHANGED;
        }
        return REPLY_CHANGED;
    }
}
