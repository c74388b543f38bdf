package io.kestrastack.examples;

import io.kestrastack.Stack;
import io.kestrastack.render.RenderedFile;
import io.kestrastack.render.StackRenderer;

/** Prints the files of a local stack on the library's defaults (secrets generated on each run). */
public final class PrintDefaultStack {

    private PrintDefaultStack() {}

    /** Prints every rendered file, each under a header line with its path and mode. */
    public static void main(String[] args) {
        Stack stack = Stack.builder().kestra(k -> k.username("admin@kestra.local")).build();
        for (RenderedFile file : StackRenderer.render(stack)) {
            System.out.println("==> " + file.path() + " (mode " + Integer.toOctalString(file.mode()) + ")");
            System.out.print(file.content());
        }
    }
}
