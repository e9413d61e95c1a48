package dev.qrexec.eval;

/** The system information could not be had or read; every request is then denied. */
public final class SystemInfoException extends Exception {
    private static final long serialVersionUID = 1L;

    public SystemInfoException(String message) {
        super(message);
    }

    public SystemInfoException(String message, Throwable cause) {
        super(message, cause);
    }
}
