package io.kestrastack.bundle;

import java.util.ArrayList;
import java.util.List;

/** A unified diff of two texts (line-based, longest common subsequence, three lines of context). */
final class UnifiedDiff {

    private static final int CONTEXT = 3;

    private UnifiedDiff() {}

    /** The diff of {@code before} and {@code after}, empty when they are equal. */
    static String diff(String path, String before, String after, boolean created) {
        if (before.equals(after)) {
            return "";
        }
        List<String> a = lines(before);
        List<String> b = lines(after);
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        // Edit script: ' ' keep, '-' delete, '+' insert, with positions in a and b.
        List<char[]> ops = new ArrayList<>();
        List<int[]> pos = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.add(new char[] {' '});
                pos.add(new int[] {i++, j++});
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new char[] {'-'});
                pos.add(new int[] {i++, j});
            } else {
                ops.add(new char[] {'+'});
                pos.add(new int[] {i, j++});
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(created ? "/dev/null" : "a/" + path).append('\n');
        out.append("+++ b/").append(path).append('\n');
        int k = 0;
        while (k < ops.size()) {
            if (ops.get(k)[0] == ' ') {
                k++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            int end = k;
            // extend the hunk while changes are closer than 2*CONTEXT apart
            int lastChange = k;
            while (end < ops.size()) {
                if (ops.get(end)[0] != ' ') {
                    lastChange = end;
                } else if (end - lastChange > 2 * CONTEXT) {
                    break;
                }
                end++;
            }
            end = Math.min(ops.size(), lastChange + CONTEXT + 1);
            int aStart = pos.get(start)[0];
            int bStart = pos.get(start)[1];
            int aCount = 0;
            int bCount = 0;
            StringBuilder hunk = new StringBuilder();
            for (int h = start; h < end; h++) {
                char op = ops.get(h)[0];
                int[] p = pos.get(h);
                if (op == ' ') {
                    hunk.append(' ').append(a.get(p[0])).append('\n');
                    aCount++;
                    bCount++;
                } else if (op == '-') {
                    hunk.append('-').append(a.get(p[0])).append('\n');
                    aCount++;
                } else {
                    hunk.append('+').append(b.get(p[1])).append('\n');
                    bCount++;
                }
            }
            out.append("@@ -").append(aCount == 0 ? aStart : aStart + 1).append(',').append(aCount)
                    .append(" +").append(bCount == 0 ? bStart : bStart + 1).append(',').append(bCount).append(" @@\n");
            out.append(hunk);
            k = end;
        }
        return out.toString();
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        String[] parts = text.split("\n", -1);
        int count = text.endsWith("\n") ? parts.length - 1 : parts.length;
        for (int i = 0; i < count; i++) {
            out.add(parts[i]);
        }
        return out;
    }
}
