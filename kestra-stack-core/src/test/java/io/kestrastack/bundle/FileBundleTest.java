package io.kestrastack.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.render.RenderedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBundleTest {

    @TempDir
    Path dir;

    @Test
    void a_private_file_appears_in_diffs_by_name_only() throws IOException {
        RenderedFile secret = new RenderedFile("secret.yaml", "stringData:\n  KEY: \"s3cret-value\"\n", RenderedFile.PRIVATE);
        BundlePlan created = FileBundle.of(List.of(secret)).plan(dir, false);
        assertFalse(created.unifiedDiff().contains("s3cret-value"), created.unifiedDiff());
        assertTrue(created.unifiedDiff().contains("secret.yaml"));
        FileBundle.of(List.of(secret)).writeTo(dir, false);
        RenderedFile changed = new RenderedFile("secret.yaml", "stringData:\n  KEY: \"other-value\"\n", RenderedFile.PRIVATE);
        String diff = FileBundle.of(List.of(changed)).plan(dir, false).unifiedDiff();
        assertFalse(diff.contains("s3cret-value") || diff.contains("other-value"), diff);
    }

    @Test
    void files_edited_by_hand_are_conflicts_unless_forced() throws IOException {
        FileBundle.of(List.of(RenderedFile.of("a.yaml", "a: 1\n"))).writeTo(dir, false);
        Files.writeString(dir.resolve("a.yaml"), "a: 2\n", StandardCharsets.UTF_8);
        FileBundle next = FileBundle.of(List.of(RenderedFile.of("a.yaml", "a: 3\n")));
        assertThrows(BundleConflictException.class, () -> next.writeTo(dir, false));
        assertEquals("a: 2\n", Files.readString(dir.resolve("a.yaml"), StandardCharsets.UTF_8));
        next.writeTo(dir, true);
        assertEquals("a: 3\n", Files.readString(dir.resolve("a.yaml"), StandardCharsets.UTF_8));
    }
}
