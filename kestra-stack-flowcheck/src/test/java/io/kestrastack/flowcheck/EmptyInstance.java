package io.kestrastack.flowcheck;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Stand-ins for the beans that a Kestra server gets from its database and queue modules ({@code jdbc},
 * {@code jdbc-postgres}, not all on Maven Central): they answer like a fresh Kestra instance that holds
 * no flows yet, which is what a new bundle's flows meet on first start.
 *
 * <p>Only read methods that return a collection, map, stream or {@link Optional} answer, and they answer
 * empty. Every other call throws {@link UnsupportedOperationException} naming the call, so if Kestra's
 * validation ever needs more from the database, {@code FlowService.validate} reports "Unable to validate
 * the flow: ..." and the test fails instead of passing on a guess.
 */
final class EmptyInstance {

    private EmptyInstance() {}

    /** A stand-in of {@code type}, an interface. */
    static Object of(Class<?> type) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface");
        }
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer(type, proxy, method, args));
    }

    private static Object answer(Class<?> type, Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "toString":
                return "EmptyInstance[" + type.getSimpleName() + "]";
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            default:
                break;
        }
        Class<?> returns = method.getReturnType();
        if (returns == Optional.class) {
            return Optional.empty();
        }
        if (returns == List.class || returns == Collection.class) {
            return List.of();
        }
        if (returns == Map.class) {
            return Map.of();
        }
        if (returns == Stream.class) {
            return Stream.empty();
        }
        throw new UnsupportedOperationException("not available without a Kestra database: "
                + type.getSimpleName() + "." + method.getName());
    }
}
