package dev.qrexec.eval.analysis;

import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import java.util.List;
import java.util.Optional;

/**
 * A rule for every service ({@code * *}) in one file that matches first every request
 * some rules of later files match: those rules never decide anything, however the
 * later file was meant (QubesOS/qubes-issues#7755). The warning is on the catch-all
 * rule and says how many rules it hides and where the first one is; each hidden rule
 * also gets its own {@link Code#SHADOWED_RULE} warning.
 */
final class CatchAllCheck implements Check {
    @Override
    public void run(List<Rule> rules, Optional<SystemInfo> info, List<Diagnostic> out) {
        for (int i = 0; i < rules.size(); i++) {
            Rule catchAll = rules.get(i);
            if (!(catchAll.service() instanceof ServiceSpec.Any) || !catchAll.position().hasLine()) {
                continue;
            }
            String file = catchAll.position().file();
            int hidden = 0;
            Rule first = null;
            for (int j = i + 1; j < rules.size(); j++) {
                Rule later = rules.get(j);
                if (later.position().hasLine() && !later.position().file().equals(file)
                        && Coverage.covers(catchAll, later)) {
                    hidden++;
                    if (first == null) {
                        first = later;
                    }
                }
            }
            if (hidden > 0) {
                out.add(Diagnostic.warning(Code.CATCH_ALL_HIDES_LATER, catchAll.position(),
                        "catch-all rule hides " + hidden + (hidden == 1 ? " rule" : " rules")
                                + " of later files, which never match (the first: " + first.position().fileAndLine()
                                + ")")
                        .withHint("files are read in name order; give the later file a smaller number, or move "
                                + "the catch-all rule to the last file"));
            }
        }
    }
}
