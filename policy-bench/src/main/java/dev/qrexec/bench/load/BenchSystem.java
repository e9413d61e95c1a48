package dev.qrexec.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The system of the load test: 50 qubes and a 1,000-rule policy in ten files (100
 * services with ten rules each: argument-specific denies, names, tags, types,
 * disposables, redirections, asks, and a catch-all deny), and the requests that
 * qrexec-daemon would send for calls between those qubes. Most calls are allowed,
 * as in a working system; the denials do not notify, so no policy agent is
 * involved (qrexec-daemon sends neither flag, so every request is interactive).
 */
final class BenchSystem {
    static final int QUBES = 50;
    static final int SERVICES = 100;
    static final int FILES = 10;

    private BenchSystem() {}

    static String qube(int i) {
        return "qube-" + Math.floorMod(i, QUBES);
    }

    static String uuid(int i) {
        return String.format(Locale.ROOT, "%08d-0000-4000-8000-%012d", i, i);
    }

    /** The system information document, as qubesd gives it. */
    static String systemInfo() {
        StringBuilder out = new StringBuilder("{\"domains\": {");
        out.append("\"dom0\": {\"type\": \"AdminVM\", \"tags\": [], \"icon\": \"adminvm-black\", \"guivm\": null, "
                + "\"uuid\": \"00000000-0000-0000-0000-000000000000\", \"power_state\": \"Running\", "
                + "\"template_for_dispvms\": false, \"default_dispvm\": null, \"internal\": null, "
                + "\"label\": \"black\", \"relayvm\": null, \"transport_rpc\": null}");
        for (int i = 0; i < QUBES; i++) {
            boolean template = i % 10 == 9;
            out.append(", \"").append(qube(i)).append("\": {\"type\": \"AppVM\", \"tags\": [\"tag-").append(i % 5)
                    .append("\", \"audiovm-dom0\"], \"icon\": \"appvm-red\", \"guivm\": \"dom0\", \"uuid\": \"")
                    .append(uuid(i + 1)).append("\", \"power_state\": \"").append(i % 3 == 0 ? "Halted" : "Running")
                    .append("\", \"template_for_dispvms\": ").append(template)
                    .append(", \"default_dispvm\": \"qube-9\", \"internal\": null, \"label\": \"red\", "
                            + "\"relayvm\": null, \"transport_rpc\": null}");
        }
        return out.append("}}").toString();
    }

    /** The ten rules of service {@code n}. */
    static List<String> rules(int n) {
        String service = "bench.S" + n;
        return List.of(
                service + " +deny @anyvm @anyvm deny notify=no",
                service + " +a" + n + " " + qube(n + 3) + " " + qube(n + 4) + " allow",
                service + " * " + qube(n) + " " + qube(n + 1) + " allow",
                service + " * @tag:tag-" + (n % 5) + " @tag:tag-" + ((n + 1) % 5) + " allow",
                service + " * @type:AppVM @dispvm allow",
                service + " * " + qube(n + 2) + " @default allow target=" + qube(n + 5),
                service + " +ask @anyvm @anyvm ask default_target=" + qube(n + 1),
                service + " * @anyvm @adminvm deny notify=no",
                service + " * uuid:" + uuid(n % QUBES + 1) + " " + qube(n + 6) + " allow user=user",
                service + " * @anyvm @anyvm deny notify=no");
    }

    /** Writes the policy files into {@code directory}. */
    static void writePolicy(Path directory) throws IOException {
        Files.createDirectories(directory);
        int perFile = SERVICES / FILES;
        for (int f = 0; f < FILES; f++) {
            StringBuilder text = new StringBuilder("# generated for the daemon load test\n");
            for (int n = f * perFile; n < (f + 1) * perFile; n++) {
                rules(n).forEach(rule -> text.append(rule).append('\n'));
            }
            Files.writeString(directory.resolve(String.format(Locale.ROOT, "%02d-bench.policy", 10 + f)), text);
        }
    }

    /** {@code count} requests as qrexec-daemon writes them, from a fixed seed. */
    static List<byte[]> requests(int count) {
        Random random = new Random(6);
        List<byte[]> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int n = random.nextInt(SERVICES);
            String service = "bench.S" + n;
            String request = switch (random.nextInt(10)) {
                case 0 -> request(qube(n + 2), "@default", service + "+x");
                case 1 -> request(qube(n), "@dispvm", service);
                case 2 -> request(qube(n), qube(n + 7), service + "+deny");
                case 3 -> request("uuid:" + uuid(n % QUBES + 1), qube(n + 6), service + "+");
                default -> request(qube(n), qube(n + 1), service + "+arg" + i % 7);
            };
            requests.add(request.getBytes(StandardCharsets.US_ASCII));
        }
        return requests;
    }

    private static String request(String source, String target, String serviceAndArg) {
        return "source=" + source + "\nintended_target=" + target + "\nservice_and_arg=" + serviceAndArg + "\n\n";
    }
}
