package io.kestrastack.lint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.lint.Finding;
import io.kestrastack.lint.Rule;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** An exception inside the linter becomes a finding on the file being read, never a stack trace. */
class LinterSafetyNetTest {

    /** A bundle whose path arithmetic fails, as a bug in a check would. */
    private static final class FailingFiles extends FileSet {
        private final Map<String, String> files;

        FailingFiles(Map<String, String> files) {
            this.files = files;
        }

        @Override
        public boolean isFile(String path) {
            return files.containsKey(path);
        }

        @Override
        public String resolve(String dir, String relative) {
            throw new IllegalStateException("resolve failed near password=Secret-1");
        }

        @Override
        public String parent(String path) {
            return "";
        }

        @Override
        public String fileName(String path) {
            return path;
        }

        @Override
        @Nullable Source load(String path, Report report) {
            String text = files.get(path);
            return text == null ? null : Source.ofText(path, text, report);
        }
    }

    @Test
    void a_failing_step_is_reported_as_lint_internal_error_on_its_file_and_the_others_are_still_checked() {
        FileSet files = new FailingFiles(Map.of(
                "docker-compose.yml", "services:\n  kestra:\n    image: kestra/kestra:latest\n",
                "Caddyfile", "flows.example.com {\n\tencode gzip\n\treverse_proxy kestra:8080\n}\n"));
        List<Finding> findings = Linter.lint(files, Map.of("docker-compose.yml", false, "Caddyfile", false));

        Finding internal = findings.stream().filter(f -> f.rule() == Rule.LINT_INTERNAL_ERROR).findFirst().orElseThrow();
        assertEquals("docker-compose.yml", internal.file());
        assertEquals(1, internal.line());
        assertEquals("checking this file failed with java.lang.IllegalStateException; the findings for it are"
                + " incomplete", internal.message(), "the exception's message, which may quote the file, is left out");
        assertTrue(findings.stream().anyMatch(f -> f.rule() == Rule.CADDY_ENCODE_EVENT_STREAM),
                "the Caddyfile is still checked: " + findings);
    }
}
