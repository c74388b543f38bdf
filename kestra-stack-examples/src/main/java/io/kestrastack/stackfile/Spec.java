package io.kestrastack.stackfile;

import io.kestrastack.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The vocabulary of the key table: a mapping of known keys ({@link Obj}) whose values are scalars, nested
 * builders, made values, choices between variants, or secrets. Each key knows how to apply its value to the
 * builder it belongs to, so the reader and the JSON Schema come from one description.
 */
final class Spec {

    private Spec() {}

    /** JSON types of scalar keys. */
    enum Type {
        /** A string. */
        STRING,
        /** A whole number. */
        INTEGER,
        /** A number, whole or decimal. */
        NUMBER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A list of strings. */
        STRING_LIST,
        /** A mapping of string to string, in file order. */
        STRING_MAP
    }

    /** How a secret without a value is generated. */
    enum Generator {
        /** 32 alphanumeric characters. */
        TOKEN(Secret::generate),
        /** A password that meets Kestra's basic-auth policy. */
        PASSWORD(Secret::generatePassword),
        /** The base64 of 32 random bytes. */
        KEY(Secret::generateKey);

        private final Function<String, Secret> make;

        Generator(Function<String, Secret> make) {
            this.make = make;
        }

        Secret generate(String variable) {
            return make.apply(variable);
        }
    }

    /** The value of a key. */
    sealed interface Value<B> permits Scalar, Edit, Make, Choice, SecretValue, SecretList {}

    /** A scalar, list of strings or map of strings; {@code enumValues} restricts strings. */
    record Scalar<B>(Type type, List<String> enumValues, BiConsumer<B, Object> apply) implements Value<B> {}

    /** A mapping applied to a nested builder through the outer builder's {@code Consumer} overload. */
    record Edit<B, C>(Obj<C> obj, BiConsumer<B, Consumer<C>> edit) implements Value<B> {}

    /** A mapping collected into {@code create}'s result, then handed to the outer builder by {@code attach}. */
    record Make<B, C>(Obj<C> obj, Supplier<C> create, BiConsumer<B, C> attach) implements Value<B> {}

    /** A mapping whose {@code discriminator} key picks one of the variants. */
    record Choice<B>(String discriminator, Map<String, Make<B, ?>> variants) implements Value<B> {}

    /** A secret: {@code {variable: NAME, value: ...}}; without a value one is generated. */
    record SecretValue<B>(Generator generator, BiConsumer<B, Secret> apply) implements Value<B> {}

    /** A list of secrets, each added with {@code add}. */
    record SecretList<B>(Generator generator, BiConsumer<B, Secret> add) implements Value<B> {}

    /**
     * One key.
     *
     * @param name the key, named like the builder method it feeds
     * @param description what it sets, with its default
     * @param required whether the mapping must have it
     * @param value its value
     */
    record Key<B>(String name, String description, boolean required, Value<B> value) {}

    /** A mapping of known keys, in the order the schema and the starting file list them. */
    static final class Obj<B> {
        private final String description;
        private final Map<String, Key<B>> keys = new LinkedHashMap<>();

        Obj(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }

        List<Key<B>> keys() {
            return List.copyOf(keys.values());
        }

        Optional<Key<B>> key(String name) {
            return Optional.ofNullable(keys.get(name));
        }

        private Obj<B> add(Key<B> key) {
            if (keys.put(key.name(), key) != null) {
                throw new IllegalStateException("duplicate key " + key.name());
            }
            return this;
        }

        Obj<B> string(String name, String description, BiConsumer<B, String> set) {
            return add(new Key<>(name, description, false, new Scalar<>(Type.STRING, List.of(),
                    (b, v) -> set.accept(b, (String) v))));
        }

        Obj<B> requiredString(String name, String description, BiConsumer<B, String> set) {
            return add(new Key<>(name, description, true, new Scalar<>(Type.STRING, List.of(),
                    (b, v) -> set.accept(b, (String) v))));
        }

        Obj<B> integer(String name, String description, BiConsumer<B, Long> set) {
            return add(new Key<>(name, description, false, new Scalar<>(Type.INTEGER, List.of(),
                    (b, v) -> set.accept(b, (Long) v))));
        }

        Obj<B> requiredInteger(String name, String description, BiConsumer<B, Long> set) {
            return add(new Key<>(name, description, true, new Scalar<>(Type.INTEGER, List.of(),
                    (b, v) -> set.accept(b, (Long) v))));
        }

        Obj<B> number(String name, String description, BiConsumer<B, Double> set) {
            return add(new Key<>(name, description, false, new Scalar<>(Type.NUMBER, List.of(),
                    (b, v) -> set.accept(b, (Double) v))));
        }

        Obj<B> bool(String name, String description, BiConsumer<B, Boolean> set) {
            return add(new Key<>(name, description, false, new Scalar<>(Type.BOOLEAN, List.of(),
                    (b, v) -> set.accept(b, (Boolean) v))));
        }

        /** A boolean key that calls {@code action} when {@code true} and does nothing when {@code false}. */
        Obj<B> flag(String name, String description, Consumer<B> action) {
            return bool(name, description, (b, on) -> {
                if (on) {
                    action.accept(b);
                }
            });
        }

        <E extends Enum<E>> Obj<B> enumeration(String name, String description, Class<E> type, BiConsumer<B, E> set) {
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                names.add(e.name());
            }
            return add(new Key<>(name, description, false, new Scalar<>(Type.STRING, List.copyOf(names),
                    (b, v) -> set.accept(b, Enum.valueOf(type, (String) v)))));
        }

        @SuppressWarnings("unchecked")
        Obj<B> stringList(String name, String description, BiConsumer<B, List<String>> set) {
            return add(new Key<>(name, description, false, new Scalar<>(Type.STRING_LIST, List.of(),
                    (b, v) -> set.accept(b, (List<String>) v))));
        }

        @SuppressWarnings("unchecked")
        Obj<B> stringMap(String name, String description, BiConsumer<B, Map<String, String>> set) {
            return add(new Key<>(name, description, false, new Scalar<>(Type.STRING_MAP, List.of(),
                    (b, v) -> set.accept(b, (Map<String, String>) v))));
        }

        <C> Obj<B> edit(String name, String description, Obj<C> obj, BiConsumer<B, Consumer<C>> edit) {
            return add(new Key<>(name, description, false, new Edit<>(obj, edit)));
        }

        <C> Obj<B> make(String name, String description, Obj<C> obj, Supplier<C> create, BiConsumer<B, C> attach) {
            return add(new Key<>(name, description, false, new Make<>(obj, create, attach)));
        }

        Obj<B> choice(String name, String description, boolean required, String discriminator,
                Map<String, Make<B, ?>> variants) {
            return add(new Key<>(name, description, required, new Choice<>(discriminator, variants)));
        }

        Obj<B> secret(String name, String description, boolean required, Generator generator,
                BiConsumer<B, Secret> set) {
            return add(new Key<>(name, description, required, new SecretValue<>(generator, set)));
        }

        Obj<B> secretList(String name, String description, Generator generator, BiConsumer<B, Secret> add) {
            return add(new Key<>(name, description, false, new SecretList<>(generator, add)));
        }
    }

    /** Values collected for a record or a multi-argument setter. */
    static final class Values {
        private final Map<String, Object> values = new LinkedHashMap<>();

        void put(String key, Object value) {
            values.put(key, value);
        }

        String string(String key) {
            return (String) Objects.requireNonNull(values.get(key), key);
        }

        @Nullable String optionalString(String key) {
            return (String) values.get(key);
        }

        String string(String key, String fallback) {
            Object v = values.get(key);
            return v == null ? fallback : (String) v;
        }

        int integer(String key) {
            return Math.toIntExact((Long) Objects.requireNonNull(values.get(key), key));
        }

        boolean bool(String key, boolean fallback) {
            Object v = values.get(key);
            return v == null ? fallback : (Boolean) v;
        }

        Secret secret(String key) {
            return (Secret) Objects.requireNonNull(values.get(key), key);
        }

        @Nullable Secret optionalSecret(String key) {
            return (Secret) values.get(key);
        }
    }

    /** A variant of a {@link Choice} built from collected {@link Values}. */
    static <B> Make<B, Values> variant(Obj<Values> obj, BiConsumer<B, Values> attach) {
        return new Make<>(obj, Values::new, attach);
    }

    /** A variant of a {@link Choice} that edits a new builder, then hands it to the outer builder. */
    static <B, C> Make<B, C> builderVariant(Obj<C> obj, Supplier<C> create, BiConsumer<B, C> attach) {
        return new Make<>(obj, create, attach);
    }

    /** A mapping of keys collected into {@link Values}. */
    static Obj<Values> values(String description) {
        return new Obj<>(description);
    }
}
