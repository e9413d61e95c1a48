package dev.qrexec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.ast.Token;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The index by service, argument and source token decides exactly as the linear scan
 * does, for sources that stress how it looks them up: names and their {@code uuid:}
 * forms, two qubes sharing a UUID, qubes without UUID, the three spellings of dom0,
 * unknown names, relayed sources, and qubes whose tags or type are missing (where
 * reaching a tag or type rule fails, as in the reference), null or repeated.
 */
class SourceIndexPropertyTest {
    private static final String UUID_WORK = "uuid:11111111-0000-0000-0000-000000000001";
    private static final String UUID_SHARED = "uuid:22222222-0000-0000-0000-000000000002";
    private static final String DOM0_UUID = "uuid:00000000-0000-0000-0000-000000000000";
    private static final List<String> SOURCES = List.of("dom0", "@adminvm", DOM0_UUID, "work", UUID_WORK,
            "twin-a", "twin-b", UUID_SHARED, "untagged", "typeless", "nulltype", "remote", "ghost",
            "uuid:99999999-0000-0000-0000-000000000009", "noid");
    private static final List<String> LITERALS = List.of("dom0", DOM0_UUID, "work", UUID_WORK, "twin-a", "twin-b",
            UUID_SHARED, "untagged", "typeless", "nulltype", "ghost", "noid",
            "uuid:99999999-0000-0000-0000-000000000009");
    private static final String SYSTEM = """
            {"domains": {
              "dom0": {"tags": ["t1"], "type": "AdminVM", "template_for_dispvms": false, "default_dispvm": "dvm",
                       "icon": "adminvm-black", "guivm": null, "power_state": "Running",
                       "uuid": "00000000-0000-0000-0000-000000000000"},
              "work": {"tags": ["t1", "t2", "t1"], "type": "AppVM", "template_for_dispvms": false,
                       "default_dispvm": "dvm", "icon": "appvm-blue", "guivm": "dom0", "power_state": "Running",
                       "uuid": "11111111-0000-0000-0000-000000000001"},
              "twin-a": {"tags": ["t2"], "type": "AppVM", "template_for_dispvms": false, "default_dispvm": null,
                         "icon": "appvm-red", "guivm": "dom0", "power_state": "Halted",
                         "uuid": "22222222-0000-0000-0000-000000000002"},
              "twin-b": {"tags": [], "type": "DispVM", "template_for_dispvms": false, "default_dispvm": "dvm",
                         "icon": "dispvm-red", "guivm": "dom0", "power_state": "Running",
                         "uuid": "22222222-0000-0000-0000-000000000002"},
              "untagged": {"type": "AppVM", "template_for_dispvms": false, "default_dispvm": "dvm",
                           "icon": "appvm-red", "guivm": "dom0", "power_state": "Running",
                           "uuid": "33333333-0000-0000-0000-000000000003"},
              "typeless": {"tags": ["t3"], "template_for_dispvms": false, "default_dispvm": "dvm",
                           "icon": "appvm-red", "guivm": "dom0", "power_state": "Running",
                           "uuid": "44444444-0000-0000-0000-000000000004"},
              "nulltype": {"tags": ["t3"], "type": null, "template_for_dispvms": false, "default_dispvm": "dvm",
                           "icon": "appvm-red", "guivm": "dom0", "power_state": "Running",
                           "uuid": "55555555-0000-0000-0000-000000000005"},
              "noid": {"tags": ["t1"], "type": "AppVM", "template_for_dispvms": false, "default_dispvm": "dvm",
                       "icon": "appvm-red", "guivm": "dom0", "power_state": "Running"},
              "dvm": {"tags": ["t1"], "type": "AppVM", "template_for_dispvms": true, "default_dispvm": "dvm",
                      "icon": "appvm-red", "guivm": "dom0", "power_state": "Halted",
                      "uuid": "66666666-0000-0000-0000-000000000006"},
              "remote": {"tags": [], "type": "RemoteVM", "template_for_dispvms": false, "guivm": null,
                         "relayvm": "work", "transport_rpc": "qubesair.SSHProxy", "power_state": "Running",
                         "icon": "remotevm-green", "uuid": "77777777-0000-0000-0000-000000000007"}
            }}""";

    /** Rules and one request. */
    record Case(List<Rule> rules, Request request) {
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("request " + request + "\n");
            rules.forEach(r -> out.append(r.text()).append('\n'));
            return out.toString();
        }
    }

    @Property(tries = 1500)
    void indexDecidesAsTheLinearScan(@ForAll("cases") Case c) throws Exception {
        SystemInfo info = SystemInfo.parse(SYSTEM);
        Evaluation indexed = new Evaluator(CompiledPolicy.compile(c.rules())).evaluate(c.request(), info);
        Evaluation linear = new Evaluator(CompiledPolicy.linear(c.rules())).evaluate(c.request(), info);
        assertEquals(linear.decision(), indexed.decision());
        assertEquals(position(linear, c.rules()), position(indexed, c.rules()), "deciding rule");
        assertEquals(linear.log(), indexed.log());
        for (Mode mode : List.of(Mode.JUST_EVALUATE, Mode.ASSUME_YES_FOR_ASK, Mode.BOTH, Mode.INTERACTIVE)) {
            Response expected = Responder.respond(linear, info, mode, Interaction.NONE);
            Response actual = Responder.respond(indexed, info, mode, Interaction.NONE);
            assertEquals(expected.text(), actual.text(), "reply in " + mode);
            assertEquals(expected.log(), actual.log(), "log in " + mode);
        }
    }

    /** Which of the rules decided, by identity (rules equal but for their position are not the same rule). */
    private static int position(Evaluation evaluation, List<Rule> rules) {
        Optional<Rule> rule = evaluation.decision().decidingRule();
        for (int i = 0; i < rules.size(); i++) {
            if (rule.isPresent() && rules.get(i) == rule.get()) {
                return i;
            }
        }
        return -1;
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(rule().list().ofMaxSize(30), request()).as(Case::new);
    }

    private Arbitrary<Rule> rule() {
        Arbitrary<ServiceSpec> service = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(ServiceSpec.Any.INSTANCE)),
                net.jqwik.api.Tuple.of(4, Arbitraries.of("a.Svc", "b.Svc").map(ServiceSpec.Named::new)));
        Arbitrary<ArgumentSpec> argument = Arbitraries.of(ArgumentSpec.Any.INSTANCE, new ArgumentSpec.Exact("+"),
                new ArgumentSpec.Exact("+x"));
        Arbitrary<Token> source = Arbitraries.oneOf(Arbitraries.of(LITERALS).map(Token::literal),
                Arbitraries.of(Token.Any.INSTANCE, Token.AnyVm.INSTANCE, Token.AdminVm.INSTANCE, new Token.Tag("t1"), new Token.Tag("t2"),
                        new Token.Tag("t3"), new Token.Type("AppVM"), new Token.Type("DispVM"),
                        new Token.Type("AdminVM"), new Token.DispVmTemplate("dvm"), new Token.DispVmTag("t1")));
        Arbitrary<Token> target = Arbitraries.oneOf(Arbitraries.of(LITERALS).map(Token::literal),
                Arbitraries.of(Token.Any.INSTANCE, Token.AnyVm.INSTANCE, Token.AdminVm.INSTANCE, Token.Default.INSTANCE, Token.DispVm.INSTANCE,
                        new Token.Tag("t1"), new Token.Type("AppVM"), new Token.DispVmTemplate("dvm")));
        Arbitrary<Action> action = Arbitraries.of(Action.Deny.PLAIN,
                new Action.Allow(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                new Action.Allow(Optional.of(new Token.Name("work")), Optional.empty(), Optional.empty(),
                        Optional.empty()),
                new Action.Ask(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty()));
        return Combinators.combine(service, argument, source, target, action).as((svc, arg, src, tgt, act) ->
                new Rule(svc, svc instanceof ServiceSpec.Any ? ArgumentSpec.Any.INSTANCE : arg, src, tgt,
                        tgt instanceof Token.Default && act instanceof Action.Allow allow && allow.target().isEmpty()
                                ? Action.Deny.PLAIN
                                : act,
                        new Position("gen.policy", 1, 1)));
    }

    private Arbitrary<Request> request() {
        return Combinators.combine(Arbitraries.of(SOURCES),
                Arbitraries.of("", "work", "twin-b", "dom0", "@dispvm", "ghost", UUID_WORK),
                Arbitraries.of("a.Svc", "b.Svc", "c.Svc"), Arbitraries.of("+", "+x"),
                Arbitraries.of("", "", "", "remote"))
                .as((source, target, service, argument, requested) ->
                        new Request(source, target, service, argument, requested));
    }
}
