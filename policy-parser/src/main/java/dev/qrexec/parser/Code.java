package dev.qrexec.parser;

import java.util.Locale;

/**
 * Stable identifiers of every diagnostic. The reference distinguishes policy syntax
 * errors (printed as {@code FILE:LINE: message}) from other load failures (an
 * unusable directory or file name); {@link #isSyntax()} tells which one a code is.
 */
public enum Code {
    // rule lines
    WRONG_FIELD_COUNT(true),
    INVALID_SERVICE(true),
    INVALID_ARGUMENT(true),
    ARGUMENT_WITHOUT_PLUS(true),
    WILDCARD_SERVICE_ARGUMENT(true),
    EMPTY_TOKEN(true),
    INVALID_TOKEN(true),
    INVALID_ACTION(true),
    PARAMETER_SYNTAX(true),
    DUPLICATE_PARAMETER(true),
    INVALID_BOOLEAN(true),
    INVALID_PARAMETERS(true),
    DEFAULT_TARGET_REQUIRED(true),
    // directives and includes
    INVALID_DIRECTIVE(true),
    DIRECTIVE_PARAMETER_COUNT(true),
    NOT_A_FILE(true),
    NOT_A_DIRECTORY(true),
    INCLUDE_CYCLE(true),
    INCLUDE_TOO_DEEP(true),
    INCLUDE_OF_REMOVED_FILE(true),
    INCLUDED_FILE_EMPTIED(true),
    POLICY_TOO_LARGE(true),
    // whole files and directories
    INVALID_FILENAME(false),
    LOAD_FAILED(false),
    LOAD_TIMED_OUT(false),
    INVALID_UTF8(true), // the reference crashes; reported like a syntax error, with its file and line
    // warnings
    COMPAT_TRANSITIONAL(false),
    SHADOWED_RULE(false),
    DEFAULT_TARGET_NOT_ALLOWED(false),
    UNKNOWN_QUBE(false),
    UNKNOWN_TAG(false),
    UNKNOWN_TYPE(false),
    SHELL_NOT_TO_DISPVM(false),
    ADMIN_WITHOUT_DOM0_TARGET(false),
    DUPLICATE_RULE(false),
    CATCH_ALL_HIDES_LATER(false),
    REDIRECT_PAST_DENY(false),
    NEVER_MATCHES(false);

    private final boolean syntax;

    Code(boolean syntax) {
        this.syntax = syntax;
    }

    /** Whether the reference reports this as a policy syntax error ({@code PolicySyntaxError}). */
    public boolean isSyntax() {
        return syntax;
    }

    /** The code as printed: lower case with dashes, e.g. {@code wrong-field-count}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
