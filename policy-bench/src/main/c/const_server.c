/*
 * The machine's limit for the policy daemon's load test: a minimal UNIX socket
 * server that answers every connection with the same reply. Like the daemon it
 * reads the request (up to the empty line or the end of the stream) before
 * answering, then closes the connection. One thread, blocking calls.
 *
 *   const_server SOCKET_PATH REPLY
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int read_request(int fd) {
    char buffer[4096];
    size_t have = 0;
    for (;;) {
        ssize_t n = read(fd, buffer + have, sizeof(buffer) - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return 0;
        have += (size_t)n;
        if (memmem(buffer, have, "\n\n", 2) != NULL || have == sizeof(buffer))
            return 0;
    }
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s SOCKET_PATH REPLY\n", argv[0]);
        return 2;
    }
    const char *reply = argv[2];
    size_t reply_length = strlen(reply);
    struct sockaddr_un address;
    memset(&address, 0, sizeof(address));
    address.sun_family = AF_UNIX;
    if (strlen(argv[1]) >= sizeof(address.sun_path)) {
        fprintf(stderr, "socket path too long\n");
        return 1;
    }
    strcpy(address.sun_path, argv[1]);
    signal(SIGPIPE, SIG_IGN);
    int server = socket(AF_UNIX, SOCK_STREAM, 0);
    unlink(argv[1]);
    if (server < 0 || bind(server, (struct sockaddr *)&address, sizeof(address)) < 0 || listen(server, 1024) < 0) {
        perror("const_server");
        return 1;
    }
    for (;;) {
        int fd = accept(server, NULL, NULL);
        if (fd < 0)
            continue;
        read_request(fd);
        size_t written = 0;
        while (written < reply_length) {
            ssize_t n = write(fd, reply + written, reply_length - written);
            if (n <= 0)
                break;
            written += (size_t)n;
        }
        close(fd);
    }
}
