package dev.qrexec.eval;

/**
 * The daemon's two flags: {@code just_evaluate} (answer {@code result=allow} without
 * the details, never ask, never notify) and {@code assume_yes_for_ask} (answer an
 * {@code ask} as if the user chose the intended target).
 */
public record Mode(boolean justEvaluate, boolean assumeYesForAsk) {
    /** Neither flag: ask the user. */
    public static final Mode INTERACTIVE = new Mode(false, false);
    public static final Mode JUST_EVALUATE = new Mode(true, false);
    public static final Mode ASSUME_YES_FOR_ASK = new Mode(false, true);
    /** Both flags, as policy.EvalSimple and policy.EvalGUI use. */
    public static final Mode BOTH = new Mode(true, true);
}
