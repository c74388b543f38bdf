package io.kestrastack.stackfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.kestrastack.cli.StarterAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The published JSON Schema ({@code docs/stack-file.schema.json}) is the one generated from the key table,
 * and a real validator (networknt json-schema-validator, draft 2020-12) accepts every example stack file and
 * the starting file, and refuses a misspelt key. Run with {@code -Dschema.update=true} to rewrite the
 * published file after an intended change.
 */
class StackFileSchemaTest {

    static final Path PUBLISHED = Path.of("..", "docs", "stack-file.schema.json");

    static JsonSchema schema() throws IOException {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(PUBLISHED, StandardCharsets.UTF_8));
    }

    static Set<ValidationMessage> validate(String yaml) throws IOException {
        JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        return schema().validate(node);
    }

    @Test
    void the_published_schema_is_the_generated_one() throws IOException {
        String generated = StackFileSchema.json();
        if (Boolean.getBoolean("schema.update")) {
            Files.writeString(PUBLISHED, generated, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(PUBLISHED), "run the tests with -Dschema.update=true to publish the schema");
        assertEquals(Files.readString(PUBLISHED, StandardCharsets.UTF_8), generated,
                "docs/stack-file.schema.json is out of date: run the tests with -Dschema.update=true");
    }

    @Test
    void every_example_stack_file_and_the_starting_file_validate_against_the_schema() throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("..", "docs", "stack-files"))) {
            s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(p -> files.add(p.toString()));
        }
        assertFalse(files.isEmpty());
        for (String file : files) {
            assertEquals(Set.of(), validate(Files.readString(Path.of(file))), file);
        }
        assertEquals(Set.of(), validate(StarterAccess.starter()), "the starting file of init");
    }

    @Test
    void the_schema_refuses_what_the_reader_refuses() throws IOException {
        assertFalse(validate("kestra:\n  imgae: kestra/kestra:v2.0.5\n").isEmpty(), "misspelt key");
        assertFalse(validate("edge:\n  kind: caddy\n").isEmpty(), "caddy without tls");
        assertFalse(validate("edge:\n  kind: caddy\n  tls: {mode: certbot}\n").isEmpty(), "certbot is nginx's");
        assertFalse(validate("postgres:\n  maxConnections: many\n").isEmpty(), "wrong type");
        assertFalse(validate("kestra:\n  flowSecrets:\n    - {name: X}\n").isEmpty(), "secret without variable");
        assertTrue(validate("edge:\n  kind: nginx\n  tls: {mode: certbot, email: ops@example.com}\n").isEmpty());
    }
}
