package dev.qrexec.eval.suite;

/** A test file that cannot be used: the line and what is wrong there. */
public final class TestFileException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    public TestFileException(int line, String message) {
        super(message, null, false, false);
        this.line = line;
    }

    /** The line of the problem (1 for the whole file). */
    public int line() {
        return line;
    }
}
