package dev.qrexec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.parser.ast.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What tokens stand for, as the evaluator's matchers see it. */
class TokenQubesTest {
    private static final String DOMAIN = "\"%s\": {\"type\": \"%s\", \"tags\": %s, \"template_for_dispvms\": %s, "
            + "\"uuid\": \"%s\", \"power_state\": \"Running\", \"default_dispvm\": %s, \"icon\": \"i\", "
            + "\"guivm\": \"dom0\"}";
    private static final SystemInfo INFO = info();

    private static SystemInfo info() {
        try {
            return SystemInfo.parse("{\"domains\": {"
                    + DOMAIN.formatted("dom0", "AdminVM", "[]", false, "00000000-0000-0000-0000-000000000000",
                            "null") + ", "
                    + DOMAIN.formatted("work", "AppVM", "[\"w\"]", false, "5a1ad0ef-0000-4000-8000-000000000001",
                            "\"dvm\"") + ", "
                    + DOMAIN.formatted("vault", "AppVM", "[]", false, "5a1ad0ef-0000-4000-8000-000000000002",
                            "null") + ", "
                    + DOMAIN.formatted("dvm", "AppVM", "[\"w\"]", true, "5a1ad0ef-0000-4000-8000-000000000005",
                            "\"dvm\"") + ", "
                    + DOMAIN.formatted("fedora", "TemplateVM", "[]", false, "5a1ad0ef-0000-4000-8000-000000000006",
                            "\"dvm\"") + "}}");
        } catch (SystemInfoException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sources() {
        assertEquals(List.of("work", "vault", "dvm", "fedora"), TokenQubes.asSource(Token.AnyVm.INSTANCE, INFO));
        assertEquals(List.of("dom0", "work", "vault", "dvm", "fedora"), TokenQubes.asSource(Token.Any.INSTANCE, INFO));
        assertEquals(List.of("work", "dvm"), TokenQubes.asSource(new Token.Tag("w"), INFO));
        assertEquals(List.of("fedora"), TokenQubes.asSource(new Token.Type("TemplateVM"), INFO));
        assertEquals(List.of("dom0"), TokenQubes.asSource(Token.AdminVm.INSTANCE, INFO));
        assertEquals(List.of("vault"), TokenQubes.asSource(new Token.Uuid("5a1ad0ef-0000-4000-8000-000000000002"),
                INFO));
        assertEquals(List.of(), TokenQubes.asSource(new Token.Name("nobody"), INFO));
    }

    @Test
    void targets() {
        assertEquals(List.of("work", "vault", "dvm", "fedora", "@dispvm:dvm", "@dispvm", "@default"),
                TokenQubes.asTarget(Token.AnyVm.INSTANCE, INFO, "work"));
        assertEquals(List.of("@dispvm:dvm", "@dispvm"), TokenQubes.asTarget(new Token.DispVmTemplate("dvm"), INFO,
                "work"));
        assertEquals(List.of("@dispvm:dvm"), TokenQubes.asTarget(new Token.DispVmTemplate("dvm"), INFO, "vault"));
        assertEquals(List.of("@dispvm:dvm"), TokenQubes.asTarget(new Token.DispVmTag("w"), INFO, "vault"));
        assertEquals(List.of("@default"), TokenQubes.asTarget(Token.Default.INSTANCE, INFO, "work"));
    }
}
