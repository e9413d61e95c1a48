package dev.qrexec.admin;

/** What an admin service does; with a {@link Scope} it names the service. */
public enum Operation {
    LIST("List", false, false),
    GET("Get", true, false),
    REPLACE("Replace", true, true),
    REMOVE("Remove", true, true),
    GET_FILES("GetFiles", true, false);

    private final String word;
    private final boolean takesArgument;
    private final boolean takesPayload;

    Operation(String word, boolean takesArgument, boolean takesPayload) {
        this.word = word;
        this.takesArgument = takesArgument;
        this.takesPayload = takesPayload;
    }

    /** The last part of the service name, e.g. {@code Replace}. */
    public String word() {
        return word;
    }

    public boolean takesArgument() {
        return takesArgument;
    }

    public boolean takesPayload() {
        return takesPayload;
    }
}
