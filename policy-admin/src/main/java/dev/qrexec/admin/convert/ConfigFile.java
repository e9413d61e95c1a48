package dev.qrexec.admin.convert;

import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Token;
import java.util.Optional;
import java.util.Set;

/**
 * The policy files converted rules go to, in the order they are written: the user's
 * file, and the files Qubes' configuration tools own. A rule goes to its service's
 * tool file only when that tool can show it; otherwise to {@link #USER}.
 */
public enum ConfigFile {
    USER("30-user"),
    CLIPBOARD("50-config-clipboard"),
    FILECOPY("50-config-filecopy"),
    UPDATES("50-config-updates"),
    OPEN_IN_VM("50-config-openinvm"),
    OPEN_URL("50-config-openurl"),
    INPUT("50-config-input"),
    U2F("50-config-u2f");

    private static final Set<String> INPUT_SERVICES = Set.of("qubes.InputKeyboard", "qubes.InputMouse",
            "qubes.InputTablet");

    private final String baseName;

    ConfigFile(String baseName) {
        this.baseName = baseName;
    }

    /** The file name in the policy directory. */
    public String fileName() {
        return baseName + ".policy";
    }

    /** The file the rules of {@code service} belong in when the tool can show them. */
    public static ConfigFile of(String service) {
        return switch (service) {
            case "qubes.ClipboardPaste" -> CLIPBOARD;
            case "qubes.Filecopy" -> FILECOPY;
            case "qubes.UpdatesProxy" -> UPDATES;
            case "qubes.OpenInVM" -> OPEN_IN_VM;
            case "qubes.OpenURL" -> OPEN_URL;
            case "u2f.Authenticate", "u2f.Register", "policy.RegisterArgument" -> U2F;
            default -> INPUT_SERVICES.contains(service) ? INPUT : USER;
        };
    }

    /** Where {@code rule} of {@code service} goes: its tool's file if the tool can show it, else {@link #USER}. */
    public static ConfigFile destination(String service, Rule rule) {
        ConfigFile file = of(service);
        return file != USER && file.canShow(service, rule) ? file : USER;
    }

    /** Whether this file's configuration tool can show {@code rule} without losing anything. */
    private boolean canShow(String service, Rule rule) {
        String action = rule.action().text();
        String target = rule.target().text();
        return switch (this) {
            case USER -> true;
            case CLIPBOARD -> action.equals("ask") || action.equals("deny");
            case FILECOPY -> action.equals("ask") || action.equals("deny") || action.equals("allow");
            case UPDATES -> (!isKeyword(rule.source().text())
                    || rule.source().text().equals("@type:TemplateVM")
                    || rule.source().text().equals("@tag:whonix-updatevm"))
                    && action.contains("allow")
                    && (!isKeyword(target) || target.equals("@adminvm") || target.equals("@default"));
            case OPEN_IN_VM, OPEN_URL -> target.equals("@dispvm") && switch (rule.action()) {
                case Action.Deny deny -> true;
                case Action.Allow allow -> mentionsDispvm(allow.target());
                case Action.Ask ask -> mentionsDispvm(ask.defaultTarget());
            };
            case INPUT -> (target.equals("dom0") || target.equals("@adminvm"))
                    && !isKeyword(rule.source().text())
                    && isDom0(rule.action().redirect())
                    && (!(rule.action() instanceof Action.Ask ask) || isDom0(ask.defaultTarget()));
            case U2F -> service.equals("policy.RegisterArgument")
                    ? rule.argument().text().equals("+u2f.Authenticate")
                    : (!isKeyword(target) || target.equals("@adminvm")) && rule.argument() instanceof ArgumentSpec.Any;
        };
    }

    private static boolean isKeyword(String token) {
        return token.startsWith("@") || token.equals("*");
    }

    private static boolean mentionsDispvm(Optional<Token> token) {
        return token.map(t -> t.text().contains("@dispvm")).orElse(false);
    }

    /** An absent redirect, or one to dom0. */
    private static boolean isDom0(Optional<Token> token) {
        return token.map(t -> t.text().equals("dom0") || t.text().equals("@adminvm")).orElse(true);
    }
}
