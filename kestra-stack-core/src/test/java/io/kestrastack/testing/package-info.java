/**
 * Test harness shared by every kestra-stack module through the core test-jar: readers that apply
 * Compose v2's {@code .env} and interpolation rules, runners for the real tools ({@code docker-compose}
 * 1.29 and {@code dclint}), a temporary bundle writer, golden-file helpers and jqwik arbitraries of
 * stacks.
 */
@NullMarked
package io.kestrastack.testing;

import org.jspecify.annotations.NullMarked;
