package dev.qrexec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.text.PolicyFileParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A system-information file read as it is: qubes by name only, no {@code uuid:} aliases. */
class SystemInfoVerbatimTest {
    private static final byte[] JSON = """
            {"domains": {"work": {"uuid": "c9024a97-9b15-46cc-8341-38d75d5d421b", "type": "AppVM"}}}"""
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void verbatimHasNoUuidAliases() throws Exception {
        SystemInfo verbatim = SystemInfo.parseVerbatim(JSON);
        assertTrue(verbatim.contains("work"));
        assertFalse(verbatim.contains("uuid:c9024a97-9b15-46cc-8341-38d75d5d421b"));
        assertEquals("c9024a97-9b15-46cc-8341-38d75d5d421b", verbatim.get("work").uuid());
        assertTrue(SystemInfo.parse(JSON).contains("uuid:c9024a97-9b15-46cc-8341-38d75d5d421b"));
    }

    @Test
    void verbatimAllowToUuidIsNoTarget() throws Exception {
        List<Rule> rules = PolicyFileParser.parse("t.policy",
                "s * @anyvm @default allow target=uuid:c9024a97-9b15-46cc-8341-38d75d5d421b\n", Syntax.CURRENT)
                .lines().stream().map(Rule.class::cast).toList();
        Evaluator evaluator = new Evaluator(CompiledPolicy.compile(rules));
        Request request = Request.of("other", "", "s");
        assertTrue(evaluator.evaluate(request, SystemInfo.parseVerbatim(JSON)).decision() instanceof Decision.Denied);
        assertTrue(evaluator.evaluate(request, SystemInfo.parse(JSON)).decision() instanceof Decision.Allowed);
    }
}
