package io.kestrastack.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kestrastack.StackConfigException;
import io.kestrastack.Stack;
import io.kestrastack.testing.Examples;
import io.kestrastack.testing.Violations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kestra migrates its database at start and the 2.0 migration is one-way; 2.0 also needs 1.3.x first. A
 * bundle remembers the Kestra it deploys and refuses to be regenerated across such a change unless told.
 */
class LineChangeTest {

    @TempDir
    Path dir;

    private static Stack kestra(String image) {
        return Examples.minimal().kestra(k -> k.image(image)).build();
    }

    @Test
    void the_bundle_records_the_kestra_image_it_deploys() {
        String record = StackBundle.of(kestra("kestra/kestra:v1.3.4")).content(LineGuard.PATH);
        assertTrue(record.contains("image=kestra/kestra:v1.3.4\nline=1\nminor=3\n"), record);
    }

    @Test
    void going_back_from_2_x_to_1_x_is_refused_and_nothing_is_written() throws IOException {
        StackBundle.of(kestra("kestra/kestra:v2.0.5")).writeTo(dir);
        String compose = Files.readString(dir.resolve("docker-compose.yml"));
        StackConfigException e = Violations.assertViolation(() -> StackBundle.of(kestra("kestra/kestra:v1.3.4")).writeTo(dir),
                "kestra.image", "line-downgrade");
        assertTrue(e.getMessage().contains("kestra/kestra:v2.0.5"), e.getMessage());
        assertTrue(e.getMessage().contains("--allow-line-change"), e.getMessage());
        assertEquals(compose, Files.readString(dir.resolve("docker-compose.yml")));
        Violations.assertViolation(() -> StackBundle.of(kestra("kestra/kestra:v1.3.4")).plan(dir, false),
                "kestra.image", "line-downgrade");
    }

    @Test
    void jumping_from_before_1_3_to_2_x_is_refused_with_the_upgrade_steps() {
        StackBundle.of(kestra("kestra/kestra:v1.2.7")).writeTo(dir);
        StackConfigException e = Violations.assertViolation(() -> StackBundle.of(kestra("kestra/kestra:v2.0.5")).writeTo(dir),
                "kestra.image", "upgrade-skips-1.3");
        assertTrue(e.getMessage().contains("back up the database and the storage volume first"), e.getMessage());
        assertTrue(e.getMessage().contains("v1.3.x"), e.getMessage());
    }

    @Test
    void the_supported_path_and_the_override_go_through() {
        StackBundle.of(kestra("kestra/kestra:v1.2.7")).writeTo(dir);
        StackBundle.of(kestra("kestra/kestra:v1.3.4")).writeTo(dir);
        StackBundle.of(kestra("kestra/kestra:v2.0.5")).writeTo(dir);
        StackBundle.of(kestra("kestra/kestra:v1.3.4")).allowLineChange().writeTo(dir);
        assertTrue(StackBundle.of(kestra("kestra/kestra:v1.3.4")).content(LineGuard.PATH).contains("line=1"));
    }

    @Test
    void a_bundle_without_a_record_is_not_blocked() throws IOException {
        StackBundle.of(kestra("kestra/kestra:v2.0.5")).writeTo(dir);
        Files.delete(dir.resolve(LineGuard.PATH));
        assertFalse(Files.exists(dir.resolve(LineGuard.PATH)));
        StackBundle.of(kestra("kestra/kestra:v1.3.4")).writeTo(dir, true);
    }
}
