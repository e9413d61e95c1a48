package dev.qrexec.admin;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

/**
 * A separate process that edits a policy directory through the real service code
 * (request checks, the directory lock, validation, atomic writes), for the tests that
 * kill it or run several side by side. Usage:
 * {@code EditWorker DIR replace-forever FILE-A FILE-B} (alternates the content of
 * {@code 30-user} between two files' text until killed; prints {@code ready} after
 * its first replace) or {@code EditWorker DIR rounds NAME COUNT} (appends a line of
 * its own to {@code 30-user} COUNT times, each time Get then Replace with the token,
 * printing {@code OK BEFORE AFTER} or {@code STALE BEFORE} for every attempt).
 */
public final class EditWorker {
    private EditWorker() {}

    public static void main(String[] args) throws IOException {
        Path main = Path.of(args[0]);
        PolicyAdmin admin = new PolicyAdmin(new AdminConfig(main, Optional.empty(), main.resolveSibling("legacy"),
                main.resolveSibling("admin.log")), new AdminLog(Path.of("/dev/null"), Clock.systemUTC()));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        switch (args[1]) {
            case "replace-forever" -> replaceForever(admin, out, Path.of(args[2]), Path.of(args[3]));
            case "rounds" -> rounds(admin, out, args[2], Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException(args[1]);
        }
    }

    private static void replaceForever(PolicyAdmin admin, PrintStream out, Path a, Path b) throws IOException {
        byte[][] contents = {Files.readAllBytes(a), Files.readAllBytes(b)};
        for (long i = 0; ; i++) {
            Reply reply = call(admin, "policy.Replace+30-user", payload("any", contents[(int) (i % 2)]));
            if (reply.exitCode() != 0) {
                out.println("FAIL " + new String(reply.stderr(), StandardCharsets.UTF_8));
                System.exit(2);
            }
            if (i == 0) {
                out.println("ready");
            }
        }
    }

    private static void rounds(PolicyAdmin admin, PrintStream out, String name, int count) {
        int done = 0;
        while (done < count) {
            Reply got = call(admin, "policy.Get+30-user", new byte[0]);
            String text = new String(got.stdout(), StandardCharsets.UTF_8);
            String token = text.substring(0, text.indexOf('\n'));
            String content = text.substring(text.indexOf('\n') + 1) + "# " + name + " round " + done + "\n";
            Reply replaced = call(admin, "policy.Replace+30-user",
                    payload(token, content.getBytes(StandardCharsets.UTF_8)));
            String stderr = new String(replaced.stderr(), StandardCharsets.UTF_8);
            if (replaced.exitCode() == 0) {
                out.println("OK " + token + " " + ContentHash.of(content.getBytes(StandardCharsets.UTF_8)));
                String now = new String(call(admin, "policy.Get+30-user", new byte[0]).stdout(), StandardCharsets.UTF_8);
                if (!now.substring(now.indexOf('\n') + 1).startsWith(content)) {
                    out.println("FAIL the next Get does not show the replace");
                    System.exit(2);
                }
                done++;
            } else if (stderr.equals("PolicyAdminTokenException Token mismatch")) {
                out.println("STALE " + token);
            } else {
                out.println("FAIL " + stderr);
                System.exit(2);
            }
        }
    }

    private static Reply call(PolicyAdmin admin, String fullName, byte[] payload) {
        return admin.handle(AdminRequest.of(fullName, payload, "worker"));
    }

    private static byte[] payload(String token, byte[] content) {
        byte[] head = (token + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] payload = Arrays.copyOf(head, head.length + content.length);
        System.arraycopy(content, 0, payload, head.length, content.length);
        return payload;
    }
}
