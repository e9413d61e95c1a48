package dev.qrexec.cli;

/** The exit codes of every command, named in one place. */
public final class ExitCode {
    private ExitCode() {}

    /** Success; for evaluation: the call is allowed. */
    public static final int OK = 0;
    /** A failure the user should know about; for evaluation: the call is not allowed; for checks: errors found. */
    public static final int FAILURE = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** For the policy authors' tools (test, diff, fmt, query): the policy does not load. */
    public static final int POLICY_DOES_NOT_LOAD = 3;
}
