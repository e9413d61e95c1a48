package dev.qrexec.admin.convert;

import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.ast.Token;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which R4.0 rules move into which new-format file. The legacy rules are those the
 * policy has only through {@code !compat-4.0}; for each service (in name order),
 * those whose text the new-format rules of the service lack are moved, up to the
 * first catch-all {@code @anyvm @anyvm deny} (the new default files cover it). A
 * rule goes to its configuration tool's file when the tool can show it, else to
 * {@code 30-user}. The input tool shows one rule per service and source; a later
 * rule for the same service, argument and source can never match (its target is
 * dom0 too) and is left out.
 */
public final class LegacyConversion {
    /** The header of {@code 30-user.policy}; it starts with an empty line. */
    public static final String USER_DISCLAIMER = """

            # Policy rules in this file were automatically converted from old
            # policy format. Old files can be found in /etc/qubes-rpc/policy; they have
            # the suffix .rpmsave.

            # All rules pertaining to qubes.Gpg were moved to this file. If you want to
            # move them to the relevant GUI config file, see 50-config-splitgpg. Caution:
            # the GUI tool for qubes.Gpg policy supports only policy rules that have a
            # single vm as a target.""";

    /** The header of the files the configuration tools own; it starts with an empty line. */
    public static final String TOOL_DISCLAIMER = """

            # THIS IS AN AUTOMATICALLY GENERATED POLICY FILE.
            # Any changes made manually may be overwritten by Qubes Configuration Tools.""";

    private LegacyConversion() {}

    /**
     * The rules to write, per file in writing order.
     *
     * @param withCompat    the policy's rules, R4.0 files included through {@code !compat-4.0}
     * @param withoutCompat the same policy's rules with the R4.0 files left out
     */
    public static Plan plan(List<Rule> withCompat, List<Rule> withoutCompat) {
        Set<String> current = new HashSet<>();
        withoutCompat.forEach(rule -> current.add(rule.position().fileAndLine()));
        SortedMap<String, List<Rule>> legacyByService = new TreeMap<>();
        for (Rule rule : withCompat) {
            if (rule.position().hasLine() && !current.contains(rule.position().fileAndLine())
                    && rule.service() instanceof ServiceSpec.Named named) {
                legacyByService.computeIfAbsent(named.name(), s -> new ArrayList<>()).add(rule);
            }
        }
        Map<ConfigFile, List<Rule>> files = new EnumMap<>(ConfigFile.class);
        List<Rule> dead = new ArrayList<>();
        Set<String> inputRules = new HashSet<>();
        legacyByService.forEach((service, legacy) -> {
            List<String> newTexts = withoutCompat.stream()
                    .filter(rule -> rule.service().equals(new ServiceSpec.Named(service)))
                    .map(LegacyConversion::line)
                    .toList();
            if (legacy.stream().map(LegacyConversion::line).toList().equals(newTexts)) {
                return;
            }
            for (Rule rule : missing(legacy, newTexts)) {
                ConfigFile file = ConfigFile.destination(service, rule);
                if (file == ConfigFile.INPUT
                        && !inputRules.add(service + rule.argument().text() + " " + rule.source().text())) {
                    dead.add(rule);
                } else {
                    files.computeIfAbsent(file, f -> new ArrayList<>()).add(rule);
                }
            }
        });
        return new Plan(files, dead);
    }

    /**
     * What the conversion writes: the rules per file, in writing order; and the input
     * rules it leaves out because an earlier rule for the same service, argument and
     * source (and dom0, the only target the input tool knows) always decides first.
     */
    public record Plan(Map<ConfigFile, List<Rule>> files, List<Rule> dead) {
        public Plan {
            files = java.util.Collections.unmodifiableMap(new EnumMap<>(files));
            dead = List.copyOf(dead);
        }
    }

    /** The legacy rules the new ones lack, up to the first catch-all deny. */
    private static List<Rule> missing(List<Rule> legacy, List<String> newTexts) {
        List<Rule> missing = new ArrayList<>();
        for (Rule rule : legacy) {
            if (newTexts.contains(line(rule))) {
                continue;
            }
            if (rule.action() instanceof Action.Deny && rule.source().equals(Token.AnyVm.INSTANCE)
                    && rule.target().equals(Token.AnyVm.INSTANCE) && rule.argument() instanceof ArgumentSpec.Any) {
                break;
            }
            missing.add(rule);
        }
        return missing;
    }

    /** A rule as a line of a converted file: the fields separated by tabs, every parameter kept. */
    public static String line(Rule rule) {
        return String.join("\t", rule.service().text(), rule.argument().text(), rule.source().text(),
                rule.target().text(), rule.action().text());
    }

    /**
     * The new content of {@code file}: its header, then the rules; an existing
     * file's content follows (without the tool header it may start with), except
     * for the input tool's file, which the conversion replaces.
     */
    public static String text(ConfigFile file, List<Rule> rules, Optional<String> existing) {
        List<String> lines = new ArrayList<>();
        lines.add(file == ConfigFile.USER ? USER_DISCLAIMER : TOOL_DISCLAIMER);
        rules.forEach(rule -> lines.add(line(rule)));
        String text = String.join("\n", lines) + "\n";
        if (existing.isEmpty() || file == ConfigFile.INPUT) {
            return text;
        }
        String old = existing.get();
        if (old.startsWith(TOOL_DISCLAIMER)) {
            old = old.substring(TOOL_DISCLAIMER.length());
        }
        return text.replaceAll("\n+$", "") + "\n" + old.replaceAll("^\n+", "");
    }
}
