package dev.qrexec.parser.ast;

/** The two syntaxes of policy files. */
public enum Syntax {
    /** Files in the policy directories and files read by {@code !include} / {@code !include-dir} from them. */
    CURRENT,
    /** The R4.0 per-service syntax: {@code !include-service}, {@code !compat-4.0} and what they include. */
    LEGACY
}
