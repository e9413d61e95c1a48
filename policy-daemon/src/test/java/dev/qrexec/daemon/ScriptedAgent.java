package dev.qrexec.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The GUI qubes' policy agents of the tests, behind the real transports: a socket
 * service for dom0 ({@code policy.Ask} and {@code policy.Notify} linked to one
 * socket, as in dom0) and a qrexec-client stand-in script for every other qube.
 * Both answer {@code policy.Ask} with the reply set by the test and append every
 * call, in order, to one journal.
 */
final class ScriptedAgent implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One recorded call: the GUI qube, the service, how it was reached, and the JSON sent. */
    record Call(String guivm, String service, String header, JsonNode parameters) {}

    private final Path directory;
    private final Path journal;
    private final Path replyFile;
    private final Listener listener;
    private volatile String reply = "";

    ScriptedAgent(Path directory) throws IOException {
        this.directory = directory;
        this.journal = directory.resolve("journal");
        this.replyFile = directory.resolve("reply");
        Files.writeString(journal, "");
        Files.writeString(replyFile, "");
        Path socket = directory.resolve("policy-agent.sock");
        listener = Listener.open(socket, this::serve, line -> { });
        for (String service : List.of("policy.Ask", "policy.Notify")) {
            Files.deleteIfExists(directory.resolve(service));
            Files.createSymbolicLink(directory.resolve(service), socket.getFileName());
        }
        Path script = qrexecClient();
        Files.writeString(script, "#!/bin/sh\n"
                + "{ printf 'process %s\\n' \"$*\"; cat; printf '\\n'; } >> '" + journal + "'\n"
                + "case \"$3\" in *' policy.Ask '*) cat '" + replyFile + "' ;; esac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Where dom0's agent sockets are. */
    Path socketDirectory() {
        return directory;
    }

    /** The qrexec-client stand-in. */
    Path qrexecClient() {
        return directory.resolve("qrexec-client");
    }

    /** The answer to the next prompts. */
    void reply(String answer) throws IOException {
        reply = answer;
        Files.writeString(replyFile, answer);
    }

    /** The calls since the last {@link #clear()}. */
    List<Call> calls() throws IOException {
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            String header = lines.get(i);
            String[] words = header.split(" ");
            JsonNode parameters = JSON.readTree(lines.get(i + 1));
            if (words[0].equals("socket")) {
                calls.add(new Call("dom0", words[1], header, parameters));
            } else {
                calls.add(new Call(words[2], words[4], header, parameters));
            }
        }
        return calls;
    }

    void clear() throws IOException {
        Files.writeString(journal, "");
    }

    private void serve(SocketChannel channel) {
        try (Connection connection = new Connection(channel)) {
            int length = connection.frameUntil((byte) 0, 65536);
            String descriptor = new String(connection.take(length), StandardCharsets.US_ASCII);
            String body = new String(connection.readUpTo(1 << 20), StandardCharsets.UTF_8);
            synchronized (this) {
                Files.writeString(journal, "socket " + descriptor + "\n" + body + "\n", StandardOpenOption.APPEND);
            }
            if (descriptor.startsWith("policy.Ask ")) {
                connection.write(reply);
            }
        } catch (IOException | Connection.FramingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A call as the vectors record {@code ask_call} and {@code notify} entries (icons left out). */
    static ObjectNode asVectorEntry(Call call) {
        ObjectNode node = JSON.createObjectNode();
        call.parameters().fields().forEachRemaining(e -> {
            if (!e.getKey().equals("icons")) {
                node.set(e.getKey(), e.getValue());
            }
        });
        node.put("guivm", call.guivm());
        return node;
    }

    @Override
    public void close() {
        listener.close();
    }
}
