package dev.qrexec.cli.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qubes-policy-editor} run terminal-less in-process: {@code $EDITOR} is a shell
 * script (which, where a test needs it, also plays the other administrator changing
 * the file meanwhile), the answers come from stdin.
 */
class PolicyEditorCommandTest {
    private static final String RULE = "qubes.Gpg * work vault allow\n";
    private static final String VALIDATION_PROMPT = """
            Validation failed, do you want to:
              (e)dit again
              (q)uit without saving changes?
            What now?\s""";

    @TempDir
    Path scratch;

    Path policy;
    Path tmp;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws IOException {
        Path root = scratch.toRealPath();
        policy = Files.createDirectories(root.resolve("policy.d/include")).getParent();
        tmp = Files.createDirectories(root.resolve("tmp"));
        env = new HashMap<>(Map.of("QREXEC_POLICY_DIR", policy.toString(),
                "QREXEC_POLICY_ADMIN_LOG", root.resolve("admin.log").toString(),
                "TMPDIR", tmp.toString(), "PATH", System.getenv("PATH"), "POLICY", policy.toString()));
        Files.writeString(policy.resolve("30-user.policy"), "# a\n# b\n# c\n");
    }

    /** {@code $EDITOR} runs this script as {@code script -- FILE}; {@code $N} counts its runs from 1. */
    private void editor(String body) throws IOException {
        Path script = scratch.resolve("editor.sh");
        Files.writeString(script, "#!/bin/sh\nset -e\nf=\"$2\"\nN=$(( $(cat \"$0.runs\" 2>/dev/null || echo 0) + 1 ))\n"
                + "echo $N > \"$0.runs\"\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        env.put("EDITOR", script.toString());
    }

    private AdminRun edit(String answers, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--transport=local";
        System.arraycopy(args, 0, all, 1, args.length);
        return AdminRun.of(env, answers.getBytes(StandardCharsets.UTF_8), "qubes-policy-editor", all);
    }

    private List<Path> copies() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.toList();
        }
    }

    private String user() throws IOException {
        return Files.readString(policy.resolve("30-user.policy"));
    }

    @Test
    void anEditIsSavedAndTheCopyRemoved() throws IOException {
        editor("case \"$f\" in */tmp*_30-user.policy) ;; *) exit 9 ;; esac\nprintf '%s' '" + RULE + "' >> \"$f\"\n");
        AdminRun run = edit("");
        assertEquals("", run.err());
        assertEquals(0, run.exit());
        assertEquals("# a\n# b\n# c\n" + RULE, user());
        assertEquals(List.of(), copies());
    }

    @Test
    void aMissingFileIsCreatedAndVisualWins() throws IOException {
        editor("printf 'include rule\\n' > \"$f\"\n");
        env.put("VISUAL", env.remove("EDITOR"));
        env.put("EDITOR", "false");
        assertEquals(0, edit("", "include/new-inc").exit());
        assertEquals("include rule\n", Files.readString(policy.resolve("include/new-inc")));
    }

    @Test
    void aChangeThatWouldBreakThePolicyIsOfferedForEditingAgain() throws IOException {
        editor("""
                if [ $N = 1 ]; then echo 'qubes.Gpg * work vault alow' > "$f"; else echo '%s' > "$f"; fi
                """.formatted(RULE.strip()));
        AdminRun run = edit("x\ne\n");
        assertEquals(policy.resolve("30-user.policy") + ":1:24: error: invalid action: alow\n" + VALIDATION_PROMPT
                + "What now? ", run.err());
        assertEquals(0, run.exit());
        assertEquals(RULE, user());
        assertEquals(List.of(), copies());
    }

    @Test
    void quittingKeepsTheFileAndRemovesTheCopy() throws IOException {
        editor("echo broken > \"$f\"\n");
        AdminRun run = edit("q\n");
        assertEquals(0, run.exit());
        assertEquals("# a\n# b\n# c\n", user());
        assertEquals(List.of(), copies());
    }

    @Test
    void endOfInputKeepsTheUsersText() throws IOException {
        editor("echo broken > \"$f\"\n");
        AdminRun run = edit("");
        Path copy = copies().getFirst();
        assertEquals(1, run.exit());
        assertTrue(run.err().endsWith(VALIDATION_PROMPT + "\nYour text is kept in " + copy + "\n"), run.err());
        assertEquals("broken\n", Files.readString(copy));
    }

    @Test
    void aConcurrentChangeElsewhereIsMergedAndSaved() throws IOException {
        editor("""
                printf '# a\\n# b\\n# c\\n# theirs\\n' > "$POLICY/30-user.policy"
                printf '# mine\\n# a\\n# b\\n# c\\n' > "$f"
                """);
        AdminRun run = edit("s\n");
        assertEquals("""
                Someone else changed '30-user' while you were editing it.
                Your changes do not overlap with theirs and were merged into the current version. Do you want to:
                  (s)ave the merged text
                  (e)dit the merged text
                  (q)uit without saving changes?
                What now?\s""", run.err());
        assertEquals(0, run.exit());
        assertEquals("# mine\n# a\n# b\n# c\n# theirs\n", user());
        assertEquals(List.of(), copies());
    }

    @Test
    void overlappingChangesAreMarkedForTheUserToResolve() throws IOException {
        editor("""
                if [ $N = 1 ]; then
                    printf '# a\\n# B by them\\n# c\\n' > "$POLICY/30-user.policy"
                    printf '# a\\n# B by me\\n# c\\n' > "$f"
                else
                    cp "$f" "$0.seen"
                    printf '# a\\n# B by both\\n# c\\n' > "$f"
                fi
                """);
        AdminRun run = edit("e\n");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("Your changes and theirs overlap in 1 place(s); both versions are kept there, "
                + "between '<<<<<<< your version' and '>>>>>>> current version' lines. Do you want to:\n"
                + "  (e)dit the merged text\n  (q)uit without saving changes?\n"), run.err());
        assertEquals("# a\n<<<<<<< your version\n# B by me\n=======\n# B by them\n>>>>>>> current version\n# c\n",
                Files.readString(scratch.resolve("editor.sh.seen")));
        assertEquals("# a\n# B by both\n# c\n", user());
    }

    @Test
    void markersLeftInPlaceCannotBeSaved() throws IOException {
        editor("""
                if [ $N = 1 ]; then
                    printf '# x\\n' > "$POLICY/30-user.policy"
                    printf '# y\\n' > "$f"
                fi
                """);
        AdminRun run = edit("e\nq\n");
        Path user = policy.resolve("30-user.policy");
        assertTrue(run.err().endsWith("What now? " + user + ":1:1: error: wrong number of fields\n" + user
                + ":3:1: error: wrong number of fields\n" + user + ":5:1: error: wrong number of fields\n"
                + VALIDATION_PROMPT), run.err());
        assertEquals(0, run.exit());
        assertEquals("# x\n", user());
    }

    @Test
    void warningsOfTheEditedFileAreShownAndTheFileSaved() throws IOException {
        editor("printf 'qubes.Gpg * work vault allow\\nqubes.Gpg * work vault deny\\n' > \"$f\"\n");
        AdminRun run = edit("");
        assertEquals(policy.resolve("30-user.policy") + ":2:1: warning: rule never matches: the rule at "
                + policy.resolve("30-user.policy") + ":1 (qubes.Gpg * work vault allow) always matches first\n",
                run.err());
        assertEquals(0, run.exit());
        assertEquals("qubes.Gpg * work vault allow\nqubes.Gpg * work vault deny\n", user());
    }

    @Test
    void aSuppressedWarningIsNotShown() throws IOException {
        editor("printf 'qubes.Gpg * work vault allow\\n# qrexec-lint: ignore=shadowed-rule\\n"
                + "qubes.Gpg * work vault deny\\n' > \"$f\"\n");
        AdminRun run = edit("");
        assertEquals("", run.err());
        assertEquals(0, run.exit());
    }

    @Test
    void anErrorTheEditCausesInAnotherFileIsShownBeforeSending() throws IOException {
        Files.writeString(policy.resolve("include/gpg"), "qubes.Gpg * work vault allow\n");
        Files.writeString(policy.resolve("40-gpg.policy"), "!include include/gpg\n");
        editor("printf 'qubes.Gpg * work vault allow target=@anyvm\\n' > \"$f\"\n");
        AdminRun run = edit("q\n", "include/gpg");
        assertEquals(policy.resolve("include/gpg") + ":1:30: error: invalid redirect token: '@anyvm'\n"
                + VALIDATION_PROMPT, run.err());
        assertEquals(0, run.exit());
        assertEquals("qubes.Gpg * work vault allow\n", Files.readString(policy.resolve("include/gpg")));
    }

    @Test
    void fromAQubeTheCheckRunsOnACopyFetchedThroughTheServices() throws IOException {
        Files.writeString(policy.resolve("include/gpg"), "qubes.Gpg * work vault allow\n");
        Files.writeString(policy.resolve("40-gpg.policy"), "!include include/gpg\n");
        Path standIn = scratch.resolve("qrexec-client-vm");
        Files.writeString(standIn, """
                #!/bin/sh
                [ "$1 $2" = "-- dom0" ] || exit 99
                case "$3" in
                    policy.List) for f in "$POLICY"/*.policy; do basename "$f" .policy; done ;;
                    policy.include.List) ls "$POLICY/include" ;;
                    policy.Get+*) echo any; cat "$POLICY/${3#policy.Get+}.policy" ;;
                    policy.include.Get+*) echo any; cat "$POLICY/include/${3#policy.include.Get+}" ;;
                    *) exit 98 ;;
                esac
                """);
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwx------"));
        editor("printf 'qubes.Gpg * work vault allow target=@anyvm\\n' > \"$f\"\n");
        AdminRun run = AdminRun.of(env, "q\n".getBytes(StandardCharsets.UTF_8), "qubes-policy-editor",
                "--transport=qrexec", "--qrexec-client-vm", standIn.toString(), "include/gpg");
        assertEquals("include/gpg:1:30: error: invalid redirect token: '@anyvm'\n"
                + VALIDATION_PROMPT, run.err());
        assertEquals(0, run.exit());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("policy-check")).toList());
        }
    }

    @Test
    void badNamesAndFailingEditorsAreReported() throws IOException {
        AdminRun bad = edit("", "a*b");
        assertEquals("invalid character(s) in the file name: '*'\n", bad.err());
        assertEquals(1, bad.exit());
        env.put("EDITOR", "false");
        AdminRun failing = edit("");
        Path copy = copies().getFirst();
        assertEquals("Failed to open editor: the editor exited with status 1\nYour text is kept in " + copy + "\n",
                failing.err());
        assertEquals(1, failing.exit());
        assertEquals("# a\n# b\n# c\n", Files.readString(copy));
    }
}
