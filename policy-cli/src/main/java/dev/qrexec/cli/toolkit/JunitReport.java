package dev.qrexec.cli.toolkit;

import dev.qrexec.eval.suite.PolicyTestFile;
import dev.qrexec.eval.suite.TestResult;
import java.util.List;

/** Test results as JUnit XML: one test suite per test file, one test case per request. */
final class JunitReport {
    private JunitReport() {}

    static String of(List<PolicyTestFile> files, List<TestResult> results) {
        long failures = results.stream().filter(r -> !r.passed()).count();
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append("<testsuites name=\"qrexec-policy test\" tests=\"").append(results.size())
                .append("\" failures=\"").append(failures).append("\">\n");
        for (PolicyTestFile file : files) {
            List<TestResult> own = results.stream().filter(r -> r.file().equals(file.path())).toList();
            String name = escape(file.path().toString());
            out.append("  <testsuite name=\"").append(name).append("\" tests=\"").append(own.size())
                    .append("\" failures=\"").append(own.stream().filter(r -> !r.passed()).count())
                    .append("\" errors=\"0\" skipped=\"0\">\n");
            for (TestResult r : own) {
                out.append("    <testcase classname=\"").append(name).append("\" name=\"")
                        .append(escape("line " + r.line() + ": " + r.requestText())).append('"');
                if (r.passed()) {
                    out.append("/>\n");
                } else {
                    String message = String.join("; ", r.problems());
                    out.append(">\n      <failure message=\"").append(escape(message)).append("\">")
                            .append(escape(file.path() + ":" + r.line() + ": " + message
                                    + r.actual().map(a -> " [rule " + a.ruleText() + "]").orElse("")))
                            .append("</failure>\n    </testcase>\n");
                }
            }
            out.append("  </testsuite>\n");
        }
        return out.append("</testsuites>\n").toString();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\n' -> out.append("&#10;");
                default -> out.append(c < 0x20 && c != '\t' ? '?' : c);
            }
        }
        return out.toString();
    }
}
