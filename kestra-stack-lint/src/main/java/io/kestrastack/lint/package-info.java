/** Linting of existing stack files: readers, the rule catalogue and {@code StackLint}. */
@NullMarked
package io.kestrastack.lint;

import org.jspecify.annotations.NullMarked;
