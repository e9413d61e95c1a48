package dev.qrexec.daemon;

import dev.qrexec.eval.Mode;
import dev.qrexec.eval.Request;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads one {@code policy.sock} request: {@code key=value} lines ending with an
 * empty line or the end of the stream, each at most 64 KiB, ASCII only, each key
 * once, the flags {@code yes} or {@code no}, the three required keys present.
 */
final class PolicyQueryReader {
    /** The longest line the reference's reader accepts (its stream limit). */
    static final int LINE_LIMIT = 64 * 1024;

    private static final String SOURCE = "source";
    private static final String INTENDED_TARGET = "intended_target";
    private static final String SERVICE_AND_ARG = "service_and_arg";
    private static final String ASSUME_YES = "assume_yes_for_ask";
    private static final String JUST_EVALUATE = "just_evaluate";
    private static final String REQUESTED_SOURCE = "requested_source";
    private static final Set<String> KEYS =
            Set.of(SOURCE, INTENDED_TARGET, SERVICE_AND_ARG, ASSUME_YES, JUST_EVALUATE, REQUESTED_SOURCE);
    private static final String ERROR = "error parsing policy request: ";

    private PolicyQueryReader() {}

    static PolicyQuery read(Connection connection) throws IOException {
        Map<String, String> values = new HashMap<>(8);
        while (true) {
            byte[] line;
            try {
                int length = connection.frameUntil((byte) '\n', LINE_LIMIT);
                line = length == Connection.END ? connection.remainder() : connection.take(length);
            } catch (Connection.FramingException e) {
                return new PolicyQuery.Refused(ERROR + "line too long (" + e.getMessage() + ")");
            }
            if (line.length == 0) {
                break;
            }
            if (!Connection.isAscii(line)) {
                return new PolicyQuery.Refused(ERROR + "non-ASCII data");
            }
            String text = Connection.ascii(line);
            int equals = text.indexOf('=');
            if (equals < 0) {
                return new PolicyQuery.Refused(ERROR + "line without '='");
            }
            String key = text.substring(0, equals);
            String value = text.substring(equals + 1);
            if (values.containsKey(key)) {
                return new PolicyQuery.Refused(ERROR + "duplicate argument " + key);
            }
            if (!KEYS.contains(key)) {
                return new PolicyQuery.Refused(ERROR + "unknown argument " + key);
            }
            if ((key.equals(ASSUME_YES) || key.equals(JUST_EVALUATE)) && !value.equals("yes") && !value.equals("no")) {
                return new PolicyQuery.Refused(ERROR + "invalid bool value " + value + " for argument " + key);
            }
            values.put(key, value);
        }
        if (!values.containsKey(SOURCE) || !values.containsKey(INTENDED_TARGET)
                || !values.containsKey(SERVICE_AND_ARG)) {
            return new PolicyQuery.Refused(ERROR + "required argument missing");
        }
        Request request = Request.of(values.get(SOURCE), values.get(INTENDED_TARGET), values.get(SERVICE_AND_ARG),
                values.get(REQUESTED_SOURCE));
        Mode mode = new Mode("yes".equals(values.get(JUST_EVALUATE)), "yes".equals(values.get(ASSUME_YES)));
        return new PolicyQuery.Complete(request, mode);
    }
}
