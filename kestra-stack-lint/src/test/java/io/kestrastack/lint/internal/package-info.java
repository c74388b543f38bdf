/** Tests of the linter's readers: text, .env, Compose interpolation, YAML, Caddyfile, nginx. */
@NullMarked
package io.kestrastack.lint.internal;

import org.jspecify.annotations.NullMarked;
