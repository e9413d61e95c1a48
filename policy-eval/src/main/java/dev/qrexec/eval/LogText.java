package dev.qrexec.eval;

/** Text that comes from a peer, made safe to write into a log line. */
public final class LogText {
    private LogText() {}

    /** Control characters escaped as {@code \xNN}, so that the text cannot break or forge log lines. */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) {
                out.append(String.format("\\x%02x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
