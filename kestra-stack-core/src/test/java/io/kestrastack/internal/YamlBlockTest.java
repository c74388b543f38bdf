package io.kestrastack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlBlockTest {

    @Test
    void a_block_is_written_as_a_literal_scalar_and_reads_back_unchanged() {
        String config = "kestra:\n  url: https://kestra.example.com/\n  password: '${BASIC_AUTH_PASSWORD}'\n";
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("application.yaml", new Yaml.Block(config));
        String text = Yaml.dump(doc);
        assertTrue(text.startsWith("application.yaml: |\n  kestra:\n"), text);
        assertEquals(Map.of("application.yaml", config), Yaml.load(text));
    }
}
