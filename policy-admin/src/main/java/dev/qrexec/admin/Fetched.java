package dev.qrexec.admin;

import java.util.Objects;

/** A policy file as Get returns it: its exact bytes and the token to send back with a change. */
public record Fetched(byte[] content, String token) {
    public Fetched {
        content = content.clone();
        Objects.requireNonNull(token, "token");
    }

    @Override
    public byte[] content() {
        return content.clone();
    }
}
