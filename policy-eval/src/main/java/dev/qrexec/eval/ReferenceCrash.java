package dev.qrexec.eval;

/**
 * A situation in which the reference raises an unexpected exception instead of
 * answering (an entry or field that is not there, an impossible target). Here it
 * ends the evaluation of the request with a deny and a logged reason, never an allow.
 */
public final class ReferenceCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String exception;

    /**
     * @param exception the exception class the reference raises ({@code KeyError}, ...)
     * @param reason    what is missing or wrong, for the log
     */
    public ReferenceCrash(String exception, String reason) {
        super(reason, null, false, false);
        this.exception = exception;
    }

    /** The exception class the reference raises here. */
    public String exception() {
        return exception;
    }

    static ReferenceCrash missingDomain(String name) {
        return new ReferenceCrash("KeyError", "no qube " + name + " in the system information");
    }

    static ReferenceCrash missingField(String domain, String field) {
        return new ReferenceCrash("KeyError", "qube " + domain + " has no " + field + " in the system information");
    }
}
