package dev.qrexec.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.daemon.testing.TestSystem;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ask and notify through the daemon: the prompt, the answers and their checks, the notifications, the log. */
@Timeout(60)
class InteractiveAskTest extends DaemonTestBase {
    private static final String ASK = "source=work\nintended_target=@default\nservice_and_arg=test.Ask+x\n\n";

    @Test
    void theUsersChoiceIsTheTarget() throws IOException {
        daemon.agent.reply("allow:personal");
        assertEquals("user=DEFAULT\nresult=allow\ntarget=personal\n"
                + "target_uuid=uuid:22222222-2222-2222-2222-222222222222\nautostart=True\nrequested_target=@default",
                daemon.ask(ASK));
        List<ScriptedAgent.Call> calls = daemon.agent.calls();
        assertEquals(1, calls.size());
        assertEquals("{\"source\":\"work\",\"service\":\"test.Ask\",\"argument\":\"+x\","
                + "\"targets\":[\"@dispvm:fedora-dvm\",\"fedora-dvm\",\"personal\",\"vault\"],"
                + "\"default_target\":\"personal\",\"icons\":{\"dom0\":\"adminvm-black\",\"work\":\"appvm-blue\","
                + "\"personal\":\"appvm-yellow\",\"vault\":\"appvm-black\",\"fedora-dvm\":\"appvm-red\","
                + "\"@dispvm:fedora-dvm\":\"dispvm-red\"}}", calls.get(0).parameters().toString());
        assertTrue(daemon.log.contains("qrexec: test.Ask+x: work -> @default: allowed to personal"), daemon.log.toString());
    }

    @Test
    void aChoiceOutsideTheTargetsIsDeniedAndNotified() throws IOException {
        daemon.agent.reply("allow:sys-net");
        assertEquals("result=deny", daemon.ask(ASK));
        List<ScriptedAgent.Call> calls = daemon.agent.calls();
        assertEquals(List.of("policy.Ask", "policy.Notify"), calls.stream().map(ScriptedAgent.Call::service).toList());
        assertTrue(daemon.log.contains("qrexec: test.Ask+x: work -> @default: denied: target sys-net is not a valid "
                + "choice"), daemon.log.toString());
    }

    @Test
    void anAnswerThatIsNeitherIsEscapedInTheLog() throws IOException {
        daemon.agent.reply("maybe\nqrexec: forged line");
        assertEquals("result=deny", daemon.ask(ASK));
        assertTrue(daemon.log.contains("invalid ask response for test.Ask: maybe\\x0aqrexec: forged line"),
                daemon.log.toString());
    }

    @Test
    void aSourceWithoutGuiQubeIsDeniedWithoutPrompt() throws IOException {
        assertEquals("result=deny", daemon.ask("source=dom0\nintended_target=work\nservice_and_arg=test.Ask\n\n"));
        assertEquals(List.of(), daemon.agent.calls());
    }

    @Test
    void aPromptInAnotherGuiQubeGoesThroughQrexecClient() throws IOException {
        daemon.agent.reply("deny");
        assertEquals("result=deny", daemon.ask("source=vault\nintended_target=work\nservice_and_arg=test.Ask\n\n"));
        assertEquals(List.of("process -d sys-gui DEFAULT:QUBESRPC policy.Ask dom0"),
                daemon.agent.calls().stream().map(ScriptedAgent.Call::header).toList());
    }

    @Test
    void anAllowWithNotifyTellsTheUser() throws IOException {
        assertEquals(TestSystem.ALLOW_WORK_PERSONAL.replace("requested_target=personal", "requested_target=vault"),
                daemon.ask("source=work\nintended_target=vault\nservice_and_arg=test.Notify\n\n"));
        List<ScriptedAgent.Call> calls = daemon.agent.calls();
        assertEquals(1, calls.size());
        assertEquals("{\"resolution\":\"allow\",\"service\":\"test.Notify\",\"argument\":\"+\",\"source\":\"work\","
                + "\"target\":\"personal\"}", calls.get(0).parameters().toString());
    }
}
