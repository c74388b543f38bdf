package io.kestrastack.stackfile;

import io.kestrastack.stackfile.Spec.Choice;
import io.kestrastack.stackfile.Spec.Edit;
import io.kestrastack.stackfile.Spec.Key;
import io.kestrastack.stackfile.Spec.Make;
import io.kestrastack.stackfile.Spec.Obj;
import io.kestrastack.stackfile.Spec.Scalar;
import io.kestrastack.stackfile.Spec.SecretList;
import io.kestrastack.stackfile.Spec.SecretValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON Schema (draft 2020-12) of stack files, generated from the same key table the reader uses
 * ({@link StackFileKeys}), so editors complete and check exactly what {@link StackFile} accepts: unknown keys
 * are refused ({@code additionalProperties: false}), variants are chosen by their discriminator key. The
 * builders' own rules (formats, ranges, relations) stay with the builders. Published as
 * {@code docs/stack-file.schema.json}.
 */
public final class StackFileSchema {

    /** The schema's {@code $id}. */
    public static final String ID = "https://github.com/kestra-stack/kestra-stack/blob/main/docs/stack-file.schema.json";

    private StackFileSchema() {}

    /**
     * The schema as JSON text.
     *
     * @return the schema, two-space indented, ending with a newline
     */
    public static String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", ID);
        root.put("title", "kestra-stack stack file");
        root.putAll(object(StackFileKeys.STACK, null));
        return JsonText.write(root) + "\n";
    }

    private static Map<String, Object> object(Obj<?> obj, Map.@Nullable Entry<String, String> discriminator) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("description", obj.description());
        schema.put("type", "object");
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        if (discriminator != null) {
            properties.put(discriminator.getKey(), Map.of("const", discriminator.getValue()));
            required.add(discriminator.getKey());
        }
        for (Key<?> key : obj.keys()) {
            Map<String, Object> property = new LinkedHashMap<>();
            property.put("description", key.description());
            property.putAll(value(key.value()));
            properties.put(key.name(), property);
            if (key.required()) {
                required.add(key.name());
            }
        }
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> value(Spec.Value<?> value) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (value instanceof Scalar<?> scalar) {
            switch (scalar.type()) {
                case STRING -> {
                    out.put("type", "string");
                    if (!scalar.enumValues().isEmpty()) {
                        out.put("enum", scalar.enumValues());
                    }
                }
                case INTEGER -> out.put("type", "integer");
                case NUMBER -> out.put("type", "number");
                case BOOLEAN -> out.put("type", "boolean");
                case STRING_LIST -> {
                    out.put("type", "array");
                    out.put("items", Map.of("type", "string"));
                }
                case STRING_MAP -> {
                    out.put("type", "object");
                    out.put("additionalProperties", Map.of("type", "string"));
                }
                default -> throw new IllegalStateException(scalar.type().toString());
            }
        } else if (value instanceof Edit<?, ?> edit) {
            out.putAll(object(edit.obj(), null));
            out.remove("description");
        } else if (value instanceof Make<?, ?> make) {
            out.putAll(object(make.obj(), null));
            out.remove("description");
        } else if (value instanceof Choice<?> choice) {
            List<Object> variants = new ArrayList<>();
            choice.variants().forEach((name, variant) -> variants.add(object(variant.obj(),
                    Map.entry(choice.discriminator(), name))));
            out.put("type", "object");
            out.put("required", List.of(choice.discriminator()));
            out.put("oneOf", variants);
        } else if (value instanceof SecretValue<?>) {
            out.putAll(secret());
        } else if (value instanceof SecretList<?>) {
            out.put("type", "array");
            out.put("items", secret());
        }
        return out;
    }

    private static Map<String, Object> secret() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("variable", Map.of("type", "string", "description",
                "The .env variable that holds the secret."));
        properties.put("value", Map.of("type", "string", "description",
                "The value, when you supply it; left out, one is generated (existing .env values are kept)."));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "object");
        out.put("properties", properties);
        out.put("required", List.of("variable"));
        out.put("additionalProperties", false);
        return out;
    }
}
