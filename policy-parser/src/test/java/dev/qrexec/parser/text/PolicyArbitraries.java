package dev.qrexec.parser.text;

import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Blank;
import dev.qrexec.parser.ast.Comment;
import dev.qrexec.parser.ast.Compat40;
import dev.qrexec.parser.ast.Include;
import dev.qrexec.parser.ast.IncludeDir;
import dev.qrexec.parser.ast.IncludeService;
import dev.qrexec.parser.ast.LegacyRule;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.ast.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of policy ASTs (every kind of line and token, in both syntaxes) and
 * of policy texts (random whitespace of the whole set, random line ends, comments,
 * blank, directive and invalid lines).
 */
final class PolicyArbitraries {
    static final String PATH = "/etc/qubes/policy.d/50-generated.policy";

    private PolicyArbitraries() {}

    /** Single code points allowed inside a field, as strings: ASCII, non-ASCII, controls, look-alikes of whitespace. */
    private static final List<String> FIELD_CHARS = fieldChars();

    private static List<String> fieldChars() {
        List<String> chars = new ArrayList<>();
        IntStream.rangeClosed(0x21, 0x7e).forEach(cp -> chars.add(Character.toString(cp)));
        for (int cp : new int[] {0x00, 0x01, 0x1b, 0x7f, 0xad, 0xe9, 0x20ac, 0x1f600, 0x200b, 0xfeff, 0x180e, 0x2060,
            0xffff, 0xe000}) {
            chars.add(Character.toString(cp));
        }
        return List.copyOf(chars);
    }

    private static final List<String> WHITESPACE = IntStream.of(WhitespaceAndLinesTest.WHITESPACE)
            .filter(cp -> cp != '\n' && cp != '\r')
            .mapToObj(Character::toString)
            .toList();

    private static Arbitrary<String> joined(Arbitrary<String> piece, int min, int max) {
        return piece.list().ofMinSize(min).ofMaxSize(max).map(l -> String.join("", l));
    }

    /** A non-empty field of any characters but whitespace. */
    static Arbitrary<String> field() {
        return joined(Arbitraries.of(FIELD_CHARS), 1, 8);
    }

    private static Arbitrary<String> fieldWithout(String excluded) {
        return joined(Arbitraries.of(FIELD_CHARS.stream().filter(c -> !excluded.contains(c)).toList()), 1, 8);
    }

    /** A run of whitespace (without line ends), at least {@code min} code points. */
    static Arbitrary<String> whitespace(int min) {
        return joined(Arbitraries.of(WHITESPACE), min, 3);
    }

    static Arbitrary<String> lineEnd() {
        return Arbitraries.of("\n", "\r\n", "\r");
    }

    // ------------------------------------------------------------------ tokens

    /** The alphabet of a field in a given syntax: legacy fields hold no comma and no dollar. */
    private record Alphabet(String excluded) {
        static final Alphabet CURRENT = new Alphabet("");
        static final Alphabet LEGACY = new Alphabet(",$");

        Arbitrary<String> field() {
            return fieldWithout(excluded);
        }

        /** A keyword's value: not starting with '@' (it would be read as a longer prefix or an error). */
        Arbitrary<String> value() {
            return field().filter(v -> !v.startsWith("@"));
        }

        Arbitrary<Token> literal() {
            Arbitrary<Token> name = field()
                    .filter(n -> !n.startsWith("@") && !n.equals("*") && !n.startsWith(Token.UUID_PREFIX))
                    .map(Token.Name::new);
            Arbitrary<Token> uuid = Arbitraries.oneOf(field(), Arbitraries.just("")).map(Token.Uuid::new);
            return Arbitraries.oneOf(name, uuid);
        }

        Arbitrary<Token> source() {
            return Arbitraries.oneOf(literal(), Arbitraries.of(Token.Any.INSTANCE, Token.AnyVm.INSTANCE, Token.AdminVm.INSTANCE),
                    value().map(Token.DispVmTemplate::new), value().map(Token.DispVmTag::new),
                    value().map(Token.Tag::new), value().map(Token.Type::new));
        }

        Arbitrary<Token> target() {
            return Arbitraries.oneOf(source(), Arbitraries.of(Token.Default.INSTANCE, Token.DispVm.INSTANCE));
        }

        Arbitrary<Token> redirect() {
            return Arbitraries.oneOf(literal(), Arbitraries.of(Token.AdminVm.INSTANCE, Token.DispVm.INSTANCE),
                    value().map(Token.DispVmTemplate::new));
        }

        Arbitrary<Optional<String>> user() {
            return Arbitraries.oneOf(field(), Arbitraries.just("")).optional();
        }

        Arbitrary<Action> action() {
            Arbitrary<Optional<Boolean>> flag = Arbitraries.of(true, false).optional();
            Arbitrary<Action> allow = Combinators.combine(redirect().optional(), user(), flag, flag)
                    .as(Action.Allow::new);
            Arbitrary<Action> deny = flag.map(Action.Deny::new);
            Arbitrary<Action> ask = Combinators.combine(redirect().optional(), redirect().optional(), user(), flag, flag)
                    .as(Action.Ask::new);
            return Arbitraries.oneOf(allow, deny, ask);
        }

        /** Source, target and action of a valid rule (an allow to @default names a target). */
        Arbitrary<LegacyRule> body() {
            return Combinators.combine(source(), target(), action())
                    .as((s, t, a) -> new LegacyRule(s, t, a, at(1)))
                    .filter(r -> !(r.target() instanceof Token.Default && r.action() instanceof Action.Allow allow
                            && allow.target().isEmpty()));
        }
    }

    private static Position at(int line) {
        return new Position(PATH, line, 1);
    }

    static Arbitrary<ServiceSpec> service() {
        Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').withChars("-._").ofMinLength(1).ofMaxLength(12);
        return Arbitraries.oneOf(Arbitraries.just(ServiceSpec.Any.INSTANCE), name.map(ServiceSpec.Named::new));
    }

    static Arbitrary<ArgumentSpec> argument() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').withChars("-._+").ofMaxLength(8);
        return Arbitraries.oneOf(Arbitraries.just(ArgumentSpec.Any.INSTANCE), text.map(t -> new ArgumentSpec.Exact("+" + t)));
    }

    // ------------------------------------------------------------------ lines and files

    static Arbitrary<Line> comment() {
        Arbitrary<String> text = joined(Arbitraries.oneOf(Arbitraries.of(FIELD_CHARS), Arbitraries.of(WHITESPACE)), 0, 10);
        return text.map(t -> new Comment("#" + t, at(1)));
    }

    static Arbitrary<Line> currentLine() {
        Alphabet a = Alphabet.CURRENT;
        Arbitrary<Line> rule = Combinators.combine(service(), argument(), a.body())
                .filter((s, arg, b) -> !(s instanceof ServiceSpec.Any) || arg instanceof ArgumentSpec.Any)
                .as((s, arg, b) -> b.toRule(s, arg));
        Arbitrary<Line> includeService = Combinators.combine(service(), argument(), a.field())
                .filter((s, arg, p) -> !(s instanceof ServiceSpec.Any) || arg instanceof ArgumentSpec.Any)
                .as((s, arg, p) -> new IncludeService(s, arg, p, at(1)));
        return Arbitraries.frequencyOf(List.of(
                weighted(6, rule),
                weighted(1, a.field().map(p -> new Include(p, at(1)))),
                weighted(1, a.field().map(p -> new IncludeDir(p, at(1)))),
                weighted(1, includeService),
                weighted(1, Arbitraries.just(new Compat40(at(1)))),
                weighted(2, comment()),
                weighted(2, Arbitraries.just(new Blank(at(1))))));
    }

    static Arbitrary<Line> legacyLine() {
        Alphabet a = Alphabet.LEGACY;
        return Arbitraries.frequencyOf(List.of(
                weighted(6, a.body().map(Line.class::cast)),
                weighted(1, a.field().map(p -> new Include(p, at(1)))),
                weighted(2, comment()),
                weighted(2, Arbitraries.just(new Blank(at(1))))));
    }

    @SuppressWarnings("unchecked")
    private static Tuple.Tuple2<Integer, Arbitrary<Line>> weighted(int weight, Arbitrary<? extends Line> line) {
        return Tuple.of(weight, (Arbitrary<Line>) line);
    }

    /** A file of generated lines in one syntax. */
    static Arbitrary<PolicyFile> file(Syntax syntax) {
        Arbitrary<Line> line = syntax == Syntax.CURRENT ? currentLine() : legacyLine();
        return line.list().ofMaxSize(12).map(lines -> new PolicyFile(PATH, syntax, lines));
    }

    // ------------------------------------------------------------------ texts

    /** A field as text: mostly plausible tokens and keywords, sometimes anything. */
    private static Arbitrary<String> textField() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("test.Svc", "*", "+", "+arg", "@anyvm", "@adminvm", "@default",
                        "@dispvm", "@dispvm:x", "@dispvm:@tag:t", "@tag:t", "@type:AppVM", "work", "dom0", "allow", "deny",
                        "ask", "target=x", "default_target=@dispvm", "user=u", "notify=yes", "autostart=no", "x=y",
                        "$anyvm", "$tag:t", "$include:x", "allow,target=$dispvm", ",", "#", "!include", "@", "uuid:1",
                        "!include-dir", "!include-service", "!compat-4.0")),
                Tuple.of(1, field()));
    }

    /** One line of text without its end: blank, comment, directive-like, rule-like or garbage. */
    static Arbitrary<String> textLine() {
        Arbitrary<String> ws0 = Arbitraries.oneOf(Arbitraries.just(""), whitespace(1));
        Arbitrary<String> fields = Combinators.combine(textField().list().ofMinSize(1).ofMaxSize(8),
                whitespace(1).list().ofSize(8)).as((fs, sep) -> {
                    StringBuilder line = new StringBuilder();
                    for (int i = 0; i < fs.size(); i++) {
                        line.append(i == 0 ? "" : sep.get(i)).append(fs.get(i));
                    }
                    return line.toString();
                });
        Arbitrary<String> content = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(1, comment().map(c -> ((Comment) c).text())),
                Tuple.of(1, fields.map(f -> "!" + f)),
                Tuple.of(4, fields));
        return Combinators.combine(ws0, content, ws0).as((a, b, c) -> a + b + c);
    }

    /** A whole text: lines joined by random line ends, with or without a final one. */
    static Arbitrary<String> text() {
        return Combinators.combine(textLine().list().ofMaxSize(10), lineEnd().list().ofSize(10),
                Arbitraries.of(true, false)).as((lines, ends, finalEnd) -> {
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < lines.size(); i++) {
                        text.append(lines.get(i));
                        if (i < lines.size() - 1 || finalEnd) {
                            text.append(ends.get(i));
                        }
                    }
                    return text.toString();
                });
    }
}
