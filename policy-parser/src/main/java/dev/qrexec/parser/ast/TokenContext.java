package dev.qrexec.parser.ast;

/**
 * The four places a VM token can stand. Which token kinds each accepts decides both
 * validity and the wording of errors ({@code invalid <name> token: ...}).
 */
public enum TokenContext {
    /** The third field of a rule. */
    SOURCE("source"),
    /** The fourth field of a rule. */
    TARGET("target"),
    /** The value of {@code target=} and {@code default_target=}. */
    REDIRECT("redirect"),
    /** The target named in a request. */
    INTENDED_TARGET("intendedtarget");

    private final String word;

    TokenContext(String word) {
        this.word = word;
    }

    /** The lower-case name used in messages. */
    public String word() {
        return word;
    }
}
