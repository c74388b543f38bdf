/**
 * The linter's readers (text decoding, {@code .env}, Compose interpolation, YAML with line numbers,
 * Caddyfile and nginx tokenizers) and the checks that implement the rule catalogue. Not exported.
 */
@NullMarked
package io.kestrastack.lint.internal;

import org.jspecify.annotations.NullMarked;
