package dev.qrexec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.ast.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariants of evaluation over generated policies, qubes and requests: it never
 * throws, a catch-all deny at the end never allows more, and the index agrees with
 * the linear scan.
 */
class EvaluatorProperties {
    private static final List<String> QUBES = List.of("dom0", "work", "personal", "vault", "dvm", "sys-net",
            "remote", "relay");
    private static final List<String> NAMES = List.of("dom0", "work", "personal", "vault", "dvm", "sys-net",
            "remote", "relay", "ghost", "uuid:00000000-0000-0000-0000-000000000000",
            "uuid:00000000-0000-0000-0000-000000000002", "uuid:00000000-0000-0000-0000-000000000099");
    private static final List<String> SERVICES = List.of("qubes.Filecopy", "qubes.OpenURL", "my.Svc");
    private static final List<String> ARGUMENTS = List.of("+", "+a", "+b");
    private static final List<Mode> MODES = List.of(Mode.INTERACTIVE, Mode.JUST_EVALUATE, Mode.ASSUME_YES_FOR_ASK,
            Mode.BOTH);

    /** A generated situation: rules, qubes and one request. */
    record Case(List<Rule> rules, SystemInfo info, Request request) {
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("request " + request + "\n");
            rules.forEach(r -> out.append(r.text()).append('\n'));
            return out.toString();
        }
    }

    @Property(tries = 400)
    void evaluationNeverThrows(@ForAll("cases") Case c, @ForAll("answers") String answer) {
        Evaluator evaluator = new Evaluator(CompiledPolicy.compile(c.rules()));
        Evaluation evaluation = evaluator.evaluate(c.request(), c.info());
        Interaction agent = new Interaction() {
            @Override
            public String ask(String guivm, AskParameters parameters) throws Exception {
                if (answer.equals("fail")) {
                    throw new java.io.IOException("agent unreachable");
                }
                return answer;
            }

            @Override
            public void notify(String guivm, Notification notification) throws Exception {
                throw new java.io.IOException("agent unreachable");
            }
        };
        for (Mode mode : MODES) {
            Response response = Responder.respond(evaluation, c.info(), mode, agent);
            assertTrue(response.text().equals("result=deny") || response.text().equals("result=allow")
                    || response.text().contains("\nresult=allow\n"), response.text());
        }
    }

    @Property(tries = 400)
    void catchAllDenyNeverAllowsMore(@ForAll("cases") Case c) {
        List<Rule> closed = new ArrayList<>(c.rules());
        Position end = new Position("closing.policy", 1, 1);
        closed.add(new Rule(ServiceSpec.Any.INSTANCE, ArgumentSpec.Any.INSTANCE, Token.Any.INSTANCE, Token.Any.INSTANCE, Action.Deny.PLAIN, end));
        Evaluator open = new Evaluator(CompiledPolicy.compile(c.rules()));
        Evaluator shut = new Evaluator(CompiledPolicy.compile(closed));
        for (Mode mode : List.of(Mode.JUST_EVALUATE, Mode.ASSUME_YES_FOR_ASK, Mode.BOTH)) {
            Response before = Responder.answer(open, c.request(), c.info(), mode, Interaction.NONE);
            Response after = Responder.answer(shut, c.request(), c.info(), mode, Interaction.NONE);
            if (after.allowed()) {
                assertEquals(before.text(), after.text(), "the closing deny allowed more in " + mode);
            }
        }
    }

    @Property(tries = 600)
    void indexAgreesWithLinearScan(@ForAll("cases") Case c) {
        Evaluation indexed = new Evaluator(CompiledPolicy.compile(c.rules())).evaluate(c.request(), c.info());
        Evaluation linear = new Evaluator(CompiledPolicy.linear(c.rules())).evaluate(c.request(), c.info());
        assertEquals(linear.decision(), indexed.decision());
        for (Mode mode : List.of(Mode.JUST_EVALUATE, Mode.ASSUME_YES_FOR_ASK, Mode.BOTH)) {
            assertEquals(Responder.respond(linear, c.info(), mode, Interaction.NONE).text(),
                    Responder.respond(indexed, c.info(), mode, Interaction.NONE).text());
        }
    }

    @Provide
    Arbitrary<String> answers() {
        return Arbitraries.of("deny", "allow:work", "allow:personal", "allow:@dispvm:dvm", "allow:ghost", "yes",
                "", "fail");
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(rule().list().ofMaxSize(14), systemInfo(), request()).as(Case::new);
    }

    private Arbitrary<Rule> rule() {
        Arbitrary<ServiceSpec> service = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(ServiceSpec.Any.INSTANCE)),
                net.jqwik.api.Tuple.of(4, Arbitraries.of(SERVICES).map(ServiceSpec.Named::new)));
        Arbitrary<String> argument = Arbitraries.of("*", "+", "+a", "+b");
        Arbitrary<Token> source = Arbitraries.oneOf(literal(), Arbitraries.of(Token.Any.INSTANCE, Token.AnyVm.INSTANCE,
                Token.AdminVm.INSTANCE, new Token.Tag("t1"), new Token.Type("AppVM"), new Token.DispVmTemplate("dvm")));
        Arbitrary<Token> target = Arbitraries.oneOf(literal(), Arbitraries.of(Token.Any.INSTANCE, Token.AnyVm.INSTANCE, Token.AdminVm.INSTANCE,
                Token.Default.INSTANCE, Token.DispVm.INSTANCE, new Token.Tag("t1"), new Token.Type("AppVM"), new Token.Type("RemoteVM"),
                new Token.DispVmTemplate("dvm"), new Token.DispVmTemplate("work"), new Token.DispVmTemplate("ghost"),
                new Token.DispVmTag("t1")));
        Arbitrary<Optional<Token>> redirect = Arbitraries.oneOf(Arbitraries.just(Optional.<Token>empty()),
                Arbitraries.oneOf(literal(), Arbitraries.of(Token.AdminVm.INSTANCE, Token.DispVm.INSTANCE,
                        new Token.DispVmTemplate("dvm"), new Token.DispVmTemplate("personal"))).map(Optional::of));
        Arbitrary<Optional<Boolean>> flag = Arbitraries.of(Optional.empty(), Optional.of(true), Optional.of(false));
        Arbitrary<Optional<String>> user = Arbitraries.of(Optional.empty(), Optional.of(""), Optional.of("root"));
        Arbitrary<Action> action = Arbitraries.oneOf(
                flag.map(Action.Deny::new),
                Combinators.combine(redirect, user, flag, flag).as(Action.Allow::new),
                Combinators.combine(redirect, redirect, user, flag, flag).as(Action.Ask::new));
        return Combinators.combine(service, argument, source, target, action)
                .as((svc, arg, src, tgt, act) -> {
                    ArgumentSpec argumentSpec = arg.equals("*") || svc instanceof ServiceSpec.Any
                            ? ArgumentSpec.Any.INSTANCE
                            : new ArgumentSpec.Exact(arg);
                    Action fixed = tgt instanceof Token.Default && act instanceof Action.Allow allow
                            && allow.target().isEmpty()
                            ? new Action.Allow(Optional.of(new Token.Name("work")), allow.user(),
                                    allow.notification(), allow.autostart())
                            : act;
                    return new Rule(svc, argumentSpec, src, tgt, fixed, new Position("gen.policy", 1, 1));
                });
    }

    private Arbitrary<Token> literal() {
        return Arbitraries.of(NAMES).map(Token::literal);
    }

    private Arbitrary<SystemInfo> systemInfo() {
        Arbitrary<String> domain = Combinators.combine(
                Arbitraries.of("null", "true", "\"1\"", "\"\""),
                Arbitraries.of("[]", "[\"t1\"]", "[\"t1\", \"t2\"]", "MISSING"),
                Arbitraries.of("\"AppVM\"", "\"DispVM\"", "\"TemplateVM\""),
                Arbitraries.of("true", "false"),
                Arbitraries.of("null", "\"dvm\"", "\"ghost\"", "\"\""),
                Arbitraries.of("null", "\"dom0\"", "MISSING"),
                Arbitraries.of("\"Running\"", "\"Halted\"", "MISSING"),
                Arbitraries.of("present", "MISSING"))
                .as((internal, tags, type, tfd, dispvm, guivm, power, uuid) -> "{"
                        + field("internal", internal) + field("tags", tags) + field("type", type)
                        + field("template_for_dispvms", tfd) + field("default_dispvm", dispvm)
                        + field("icon", "\"appvm-red\"") + field("label", "\"0xcc0000\"") + field("guivm", guivm)
                        + field("power_state", power) + "\"relayvm\": null, \"transport_rpc\": null"
                        + (uuid.equals("MISSING") ? "" : ", \"uuid\": \"UUID\"") + "}");
        return domain.list().ofSize(QUBES.size() - 3).map(entries -> {
            StringBuilder json = new StringBuilder("{\"domains\": {");
            json.append("\"dom0\": {\"internal\": null, \"tags\": [], \"type\": \"AdminVM\", "
                    + "\"template_for_dispvms\": false, \"default_dispvm\": \"dvm\", \"icon\": \"adminvm-black\", "
                    + "\"guivm\": null, \"power_state\": \"Running\", "
                    + "\"uuid\": \"00000000-0000-0000-0000-000000000000\"}");
            for (int i = 0; i < entries.size(); i++) {
                String name = QUBES.get(i + 1);
                json.append(", \"").append(name).append("\": ")
                        .append(entries.get(i).replace("UUID", "00000000-0000-0000-0000-00000000000" + (i + 1)));
            }
            json.append(", \"remote\": {\"tags\": [], \"type\": \"RemoteVM\", \"template_for_dispvms\": false, "
                    + "\"guivm\": null, \"relayvm\": \"relay\", \"transport_rpc\": \"qubesair.SSHProxy\", "
                    + "\"power_state\": \"Running\", \"icon\": \"remotevm-green\", "
                    + "\"uuid\": \"00000000-0000-0000-0000-0000000000aa\"}");
            json.append(", \"relay\": {\"tags\": [], \"type\": \"AppVM\", \"template_for_dispvms\": false, "
                    + "\"guivm\": \"dom0\", \"power_state\": \"Running\", \"icon\": \"appvm-green\", "
                    + "\"uuid\": \"00000000-0000-0000-0000-0000000000bb\"}");
            json.append("}}");
            try {
                return SystemInfo.parse(json.toString());
            } catch (SystemInfoException e) {
                throw new IllegalStateException(json.toString(), e);
            }
        });
    }

    private static String field(String name, String value) {
        return value.equals("MISSING") ? "" : "\"" + name + "\": " + value + ", ";
    }

    private Arbitrary<Request> request() {
        Arbitrary<String> source = Arbitraries.of(NAMES);
        Arbitrary<String> target = Arbitraries.of("", "@default", "@adminvm", "@dispvm", "@dispvm:dvm",
                "@dispvm:work", "@dispvm:", "@anyvm", "*", "@tag:t1", "dom0", "work", "personal", "vault", "remote",
                "ghost", "uuid:00000000-0000-0000-0000-000000000002", "uuid:00000000-0000-0000-0000-000000000000");
        Arbitrary<String> service = Arbitraries.of(SERVICES);
        Arbitrary<String> argument = Arbitraries.of(ARGUMENTS);
        Arbitrary<String> requested = Arbitraries.of("", "", "", "remote", "work", "ghost");
        return Combinators.combine(source, target, service, argument, requested)
                .as((s, t, svc, arg, rs) -> new Request(s, t, svc, arg, rs));
    }
}
