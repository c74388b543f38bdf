package io.kestrastack.bundle;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What writing a bundle into a directory does, file by file, computed without writing anything.
 *
 * @param changes one entry per file of the bundle, then obsolete files, in bundle order
 */
public record BundlePlan(List<FileChange> changes) {

    public BundlePlan {
        changes = List.copyOf(changes);
    }

    /** Files that would need force to be overwritten. */
    public List<FileChange> conflicts() {
        return changes.stream().filter(c -> c.action() == FileChange.Action.CONFLICT).collect(Collectors.toList());
    }

    /** Whether anything would be written. */
    public boolean changesAnything() {
        return changes.stream().anyMatch(FileChange::writes);
    }

    /** The unified diff of every change, {@code .env} values redacted. */
    public String unifiedDiff() {
        return changes.stream().map(FileChange::diff).filter(d -> !d.isEmpty()).collect(Collectors.joining());
    }

    /** One line per file: action and path. */
    public String summary() {
        return changes.stream().map(c -> String.format("%-9s %s", c.action().name().toLowerCase(java.util.Locale.ROOT), c.path()))
                .collect(Collectors.joining("\n", "", changes.isEmpty() ? "" : "\n"));
    }
}
