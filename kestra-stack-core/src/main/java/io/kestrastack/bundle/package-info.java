/**
 * Bundles on disk: {@link io.kestrastack.bundle.StackBundle} holds every file of a stack in memory and
 * writes them atomically, keeping existing secrets and the user's edits; {@link
 * io.kestrastack.bundle.Operations} adds the day-2 parts (smoke-test flow, backups, verification guide).
 */
@NullMarked
package io.kestrastack.bundle;

import org.jspecify.annotations.NullMarked;
