package dev.qrexec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.testdata.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qrexec-policy eval} on the demo tree: exact replies, JSON lines and exit codes. */
class EvalCommandTest {
    private static final Path DEMO = Vectors.directory().resolveSibling("demo");
    private static final String POLICY = DEMO.resolve("policy.d").toString();
    private static final String INFO = DEMO.resolve("system-info.json").toString();

    @TempDir
    Path scratch;

    @Test
    void allowPrintsTheFullReplyAndExitsZero() {
        ProgramRun run = ProgramRun.qrexecPolicy("eval", "--policy-dir", POLICY, "--system-info", INFO, "work", "personal",
                "qubes.Filecopy");
        assertEquals("user=DEFAULT\nresult=allow\ntarget=personal\n"
                + "target_uuid=uuid:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c62\nautostart=True\n"
                + "requested_target=personal\n", run.out());
        assertEquals(0, run.status());
    }

    @Test
    void denyExitsOne() {
        ProgramRun run = ProgramRun.qrexecPolicy("eval", "--policy-dir", POLICY, "--system-info", INFO, "personal", "vault",
                "qubes.Filecopy");
        assertEquals("result=deny\n", run.out());
        assertEquals(1, run.status());
    }

    @Test
    void askWithoutAnAgentDeniesAndSaysWhy() {
        ProgramRun run = ProgramRun.qrexecPolicy("eval", "--policy-dir", POLICY, "--system-info", INFO, "personal", "work",
                "qubes.Filecopy");
        assertEquals("result=deny\n", run.out());
        assertEquals(1, run.status());
        assertTrue(run.err().contains("use --assume-yes-for-ask"), run.err());
    }

    @Test
    void modesFollowTheDaemon() {
        ProgramRun assumeYes = ProgramRun.qrexecPolicy("eval", "--policy-dir", POLICY, "--system-info", INFO, "--assume-yes-for-ask",
                "personal", "work", "qubes.Filecopy");
        assertEquals("user=DEFAULT\nresult=allow\ntarget=work\ntarget_uuid=uuid:8f0b2d4e-6a7c-4b9d-9e3f-5a7c9e1b3d46\n"
                + "autostart=True\nrequested_target=work\n", assumeYes.out());
        assertEquals(0, assumeYes.status());
        ProgramRun justEvaluate = ProgramRun.qrexecPolicy("eval", "--policy-dir", POLICY, "--system-info", INFO, "--just-evaluate",
                "work", "@dispvm", "qubes.OpenURL");
        assertEquals("result=allow\n", justEvaluate.out());
        assertEquals(0, justEvaluate.status());
    }

    @Test
    void requestsAsJsonLines() throws IOException {
        Path requests = scratch.resolve("requests.jsonl");
        Files.writeString(requests, """
                {"source": "work", "target": "@dispvm", "service_and_arg": "qubes.OpenURL"}

                {"source": "work", "target": "", "service_and_arg": "qubes.Filecopy"}
                {"source": "vault", "target": "@dispvm", "service_and_arg": "qubes.OpenInVM"}
                """);
        ProgramRun run = ProgramRun.qrexecPolicy("eval", "--policy-dir", POLICY, "--system-info", INFO, "--requests",
                requests.toString());
        String file = POLICY + "/";
        assertEquals("{\"just_evaluate\":\"result=allow\",\"assume_yes_for_ask\":\"user=DEFAULT\\nresult=allow\\n"
                + "target=@dispvm:default-dvm\\ntarget_uuid=@dispvm:uuid:5d1a7c3e-8e02-4c3b-9a3f-0c1b2d3e4f50\\n"
                + "autostart=True\\nrequested_target=@dispvm\",\"both\":\"result=allow\",\"decision\":\"allow\","
                + "\"rule\":\"" + file + "30-user.policy:11\",\"message\":null}\n"
                + "{\"just_evaluate\":\"result=deny\",\"assume_yes_for_ask\":\"result=deny\",\"both\":\"result=deny\","
                + "\"decision\":\"ask\",\"rule\":\"" + file + "30-user.policy:8\",\"targets_for_ask\":"
                + "[\"@dispvm:default-dvm\",\"debian-12\",\"default-dvm\",\"personal\",\"sys-net\",\"sys-usb\"],"
                + "\"default_target\":null,\"message\":null}\n"
                + "{\"just_evaluate\":\"result=deny\",\"assume_yes_for_ask\":\"result=deny\",\"both\":\"result=deny\","
                + "\"decision\":\"allow\",\"rule\":\"" + file + "90-default.policy:3\",\"message\":\"policy define "
                + "'allow' action to @dispvm at " + file + "90-default.policy:3 but no DispVM base is set for this VM\"}\n",
                run.out());
        assertEquals(0, run.status());
    }

    @Test
    void requestsFromStandardInput() {
        ProgramRun run = ProgramRun.run("qrexec-policy", "{\"source\": \"work\", \"target\": \"personal\", \"service_and_arg\": \"qubes.Gpg\"}\n",
                Map.of(), List.of("eval", "--policy-dir", POLICY, "--system-info", INFO, "--requests", "-"));
        assertEquals("{\"just_evaluate\":\"result=deny\",\"assume_yes_for_ask\":\"result=deny\",\"both\":"
                + "\"result=deny\",\"decision\":\"deny\",\"rule\":\"" + POLICY + "/30-user.policy:17\",\"message\":"
                + "\"denied by policy " + POLICY + "/30-user.policy:17\"}\n", run.out());
    }

    @Test
    void aPolicyThatDoesNotLoadDeniesEveryLineAndSaysWhere() throws IOException {
        Path etc = Files.createDirectories(scratch.resolve("etc"));
        Files.writeString(etc.resolve("10-a.policy"), "qubes.Filecopy * work personal allow\nbroken line\n");
        Path requests = scratch.resolve("requests.jsonl");
        Files.writeString(requests, "{\"source\": \"work\", \"target\": \"personal\", "
                + "\"service_and_arg\": \"qubes.Filecopy\"}\n");
        ProgramRun run = ProgramRun.qrexecPolicy("eval", "--policy-dir", etc.toString(), "--system-info", INFO, "--requests",
                requests.toString());
        assertEquals("{\"just_evaluate\":\"result=deny\",\"assume_yes_for_ask\":\"result=deny\",\"both\":"
                + "\"result=deny\",\"decision\":\"deny\",\"rule\":null,\"message\":\"" + etc
                + "/10-a.policy:2: wrong number of fields\",\"load_error\":{\"file\":\"" + etc
                + "/10-a.policy\",\"line\":2,\"column\":1,\"message\":\"wrong number of fields\"}}\n", run.out());
        ProgramRun single = ProgramRun.qrexecPolicy("eval", "--policy-dir", etc.toString(), "--system-info", INFO, "work",
                "personal", "qubes.Filecopy");
        assertEquals("result=deny\n", single.out());
        assertEquals(1, single.status());
        assertTrue(single.err().contains(etc + "/10-a.policy:2:1: error: wrong number of fields"), single.err());
    }

    @Test
    void badInputIsAUsageOrLoadError() throws IOException {
        Path requests = scratch.resolve("bad.jsonl");
        Files.writeString(requests, "{\"source\": \"work\"}\n");
        ProgramRun run = ProgramRun.qrexecPolicy("eval", "--policy-dir", POLICY, "--system-info", INFO, "--requests",
                requests.toString());
        assertEquals(2, run.status());
        assertEquals("eval: " + requests + ": line 1: \"target\" must be a string\n", run.err());
        // a missing input file is a mistake on the command line, not a denial
        ProgramRun missingInfo = ProgramRun.qrexecPolicy("eval", "--policy-dir", POLICY, "--system-info",
                scratch.resolve("none.json").toString(), "work", "personal", "qubes.Filecopy");
        assertEquals(new ProgramRun(2, "", "eval: cannot read the system information " + scratch.resolve("none.json")
                + ": no such file or directory\n"), missingInfo);
        ProgramRun missingRequests = ProgramRun.qrexecPolicy("eval", "--policy-dir", POLICY, "--system-info", INFO,
                "--requests", scratch.resolve("none.jsonl").toString());
        assertEquals(new ProgramRun(2, "", "eval: cannot read the requests " + scratch.resolve("none.jsonl")
                + ": no such file or directory\n"), missingRequests);
        ProgramRun twoArguments = ProgramRun.qrexecPolicy("eval", "--policy-dir", POLICY, "--system-info", INFO, "work", "personal");
        assertEquals(2, twoArguments.status());
    }

    @Test
    void benchReportsItsFigures() throws IOException {
        ProgramRun run = ProgramRun.qrexecPolicy("bench", "--policy-dir", POLICY, "--system-info", INFO, "--requests",
                DEMO.resolve("requests.jsonl").toString(), "--json", "--max-seconds", "1");
        assertEquals(0, run.status(), run.err());
        var json = Json.MAPPER.readTree(run.out());
        assertEquals(26, json.get("rules").asInt());
        assertEquals(17, json.get("requests").asInt());
        assertTrue(json.get("load_ms").asDouble() > 0);
        assertTrue(json.get("eval_ns_per_request").asDouble() > 0);
    }
}
