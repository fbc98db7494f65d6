package org.mtc.core.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.MtcException;

/**
 * Catches a task declared twice in one settings file. HOCON merges two {@code name { ... }} blocks
 * of the same name into one object without a word (and the parsed result keeps no trace of it), so
 * two different tasks would silently become one. This reads the file's structure: objects, quoted
 * and unquoted keys, dotted paths, arrays, strings and comments, enough to find each block that
 * opens {@code mtc.tasks.NAME} (as {@code mtc.tasks { NAME { } }}, {@code mtc.tasks.NAME { }} or
 * {@code NAME = { }}). A second block for one name is an error; setting single keys of a task on
 * separate lines ({@code mtc.tasks.a.kind = multi-label}) opens no block and stays allowed. Files
 * it cannot follow (substitutions in keys, includes) are left to HOCON. Stateless.
 */
public final class TaskDeclarations {
  private static final String STOP = "{}[],:=#\"\n";

  /**
   * The path of an object whose place is not followed (inside an array); ArrayDeque holds no nulls.
   */
  private static final List<String> UNKNOWN = List.of("\u0000");

  private TaskDeclarations() {}

  /**
   * Checks one settings file (already parsed successfully by HOCON).
   *
   * @throws MtcException naming the task, the file and the lines of both blocks
   */
  public static void checkEachOnce(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return;
    }
    Map<String, List<Integer>> blocks = taskBlocks(text);
    for (var e : blocks.entrySet()) {
      List<Integer> lines = e.getValue();
      if (lines.size() > 1) {
        throw new MtcException(
            file
                + ":"
                + lines.get(1)
                + ": task '"
                + e.getKey()
                + "' is declared twice (lines "
                + lines.get(0)
                + " and "
                + lines.get(1)
                + "); HOCON would merge the two into one task. Give each task "
                + "its own name, or merge the two blocks into one");
      }
    }
  }

  /** Task name → lines where a block {@code mtc.tasks.NAME { ... }} opens, in file order. */
  static Map<String, List<Integer>> taskBlocks(String text) {
    return new BlockScanner(text).scan();
  }

  /**
   * A single pass over HOCON text that tracks just enough of its structure (the path of each open
   * object, arrays, whether a key or a value is being read, the line) to find where {@code
   * mtc.tasks.NAME} objects open. One use.
   */
  private static final class BlockScanner {
    private final String text;
    private final int n;
    private final Map<String, List<Integer>> out = new LinkedHashMap<>();
    private final Deque<List<String>> objects =
        new ArrayDeque<>(); // path of each open object; UNKNOWN in arrays
    private final List<String> key = new ArrayList<>();
    private int arrays;
    private boolean inValue;
    private int line = 1;
    private int i;

    BlockScanner(String text) {
      this.text = text;
      this.n = text.length();
      objects.push(List.of());
    }

    Map<String, List<Integer>> scan() {
      while (i < n) {
        char c = text.charAt(i);
        if (c == '\n') {
          newline();
        } else if (c == '#' || c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
          while (i < n && text.charAt(i) != '\n') {
            i++;
          }
        } else if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '"') {
          quoted();
        } else if (c == '{') {
          open();
        } else if (c == '}') {
          if (objects.size() > 1) {
            objects.pop();
          }
          endOfEntry();
          i++;
        } else if (c == '[') {
          arrays++;
          inValue = true;
          i++;
        } else if (c == ']') {
          arrays = Math.max(0, arrays - 1);
          i++;
        } else if (c == ',') {
          if (arrays == 0) {
            endOfEntry();
          }
          i++;
        } else if (c == '=' || c == ':' || c == '+' && i + 1 < n && text.charAt(i + 1) == '=') {
          inValue = true;
          i += c == '+' ? 2 : 1;
        } else {
          unquoted();
        }
      }
      return out;
    }

    private void endOfEntry() {
      key.clear();
      inValue = false;
    }

    private void newline() {
      line++;
      i++;
      if (arrays == 0) {
        endOfEntry();
      }
    }

    private void quoted() {
      int end = stringEnd(text, i);
      for (int k = i; k < end; k++) {
        if (text.charAt(k) == '\n') {
          line++;
        }
      }
      if (!inValue && arrays == 0) {
        key.add(text.substring(i + 1, Math.max(i + 1, end - 1)));
      }
      i = end;
    }

    private void open() {
      List<String> parent = objects.peek();
      List<String> path = null;
      if (arrays == 0 && parent != UNKNOWN && !key.isEmpty()) {
        path = new ArrayList<>(parent);
        path.addAll(key);
        if (path.size() == 3 && path.get(0).equals("mtc") && path.get(1).equals("tasks")) {
          out.computeIfAbsent(path.get(2), k -> new ArrayList<>()).add(line);
        }
      }
      objects.push(path == null ? UNKNOWN : List.copyOf(path));
      endOfEntry();
      i++;
    }

    private void unquoted() {
      int end = i;
      while (end < n
          && STOP.indexOf(text.charAt(end)) < 0
          && !Character.isWhitespace(text.charAt(end))) {
        end++;
      }
      if (!inValue && arrays == 0) {
        for (String part : text.substring(i, end).split("\\.", -1)) {
          if (!part.isEmpty()) {
            key.add(part);
          }
        }
      }
      i = Math.max(end, i + 1);
    }
  }

  /** The index just past the string starting at {@code start} (a quote), triple-quoted or not. */
  private static int stringEnd(String text, int start) {
    if (text.startsWith("\"\"\"", start)) {
      int end = text.indexOf("\"\"\"", start + 3);
      return end < 0 ? text.length() : end + 3;
    }
    int i = start + 1;
    while (i < text.length() && text.charAt(i) != '"' && text.charAt(i) != '\n') {
      i += text.charAt(i) == '\\' ? 2 : 1;
    }
    return Math.min(text.length(), i + 1);
  }
}
