package io.kestrastack.render;

import io.kestrastack.ConfigDelivery;
import io.kestrastack.Stack;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders every file of a stack: {@code docker-compose.yml}, {@code .env}, the Kestra configuration
 * file when it is delivered as a file, and the edge's files. Pure and deterministic.
 */
public final class StackRenderer {

    private StackRenderer() {}

    /** All files, in a stable order. */
    public static List<RenderedFile> render(Stack stack) {
        return render(stack, StackServices.of(stack));
    }

    /**
     * All files of {@code stack} with the given services (those of {@link StackServices#of(Stack)} plus any
     * the caller adds, such as a backup service), in a stable order.
     */
    public static List<RenderedFile> render(Stack stack, List<ServiceSpec> services) {
        List<RenderedFile> files = new ArrayList<>();
        files.add(new ComposeRenderer().render(stack, services));
        files.add(new EnvRenderer().render(stack, services));
        if (stack.kestra().configDelivery() == ConfigDelivery.FILE) {
            files.add(new KestraConfigRenderer().render(stack));
        }
        stack.edge().ifPresent(edge -> files.addAll(edge.files(stack.edgeContext())));
        return List.copyOf(files);
    }
}
