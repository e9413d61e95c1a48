package dev.qrexec.lsp;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/** Small helpers to write protocol messages in tests. */
final class Json {
    private static final Gson GSON = new Gson();

    private Json() {}

    static JsonElement tree(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof JsonElement element) {
            return element;
        }
        return GSON.toJsonTree(value);
    }

    /** An object of alternating keys and values. */
    static JsonObject object(Object... keysAndValues) {
        JsonObject object = new JsonObject();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.add((String) keysAndValues[i], tree(keysAndValues[i + 1]));
        }
        return object;
    }

    static JsonArray array(Object... values) {
        JsonArray array = new JsonArray();
        for (Object value : values) {
            array.add(tree(value));
        }
        return array;
    }

    static JsonObject position(int line, int character) {
        return object("line", line, "character", character);
    }

    static JsonObject range(int startLine, int startCharacter, int endLine, int endCharacter) {
        return object("start", position(startLine, startCharacter), "end", position(endLine, endCharacter));
    }

    static JsonObject document(String uri) {
        return object("uri", uri);
    }
}
