/** Specification tests of the stack model: one test per rule, named after the rule. */
@NullMarked
package io.kestrastack;

import org.jspecify.annotations.NullMarked;
