package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/settings.md lists every key of every module's {@code reference.conf} with the same default,
 * and no key that no longer exists: the reference page cannot drift from the code.
 */
class SettingsDocTest {
  /**
   * A table row {@code | `mtc.key` | `default` | meaning |}; a {@code |} inside the default is
   * written {@code \|}.
   */
  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*`(mtc(?:\\.[^`]*)?)`\\s*\\|\\s*((?:[^|\\\\]|\\\\\\|)*?)\\s*\\|");

  private static final Path ROOT = Path.of("..");

  @Test
  void everyReferenceKeyIsDocumentedWithItsDefault() throws IOException {
    Map<String, ConfigValue> reference = new LinkedHashMap<>();
    List<Path> files = referenceFiles();
    assertThat(files)
        .as("the modules' reference.conf files")
        .hasSizeGreaterThanOrEqualTo(7)
        .contains(ROOT.resolve("core/src/main/resources/reference.conf"));
    for (Path f : files) {
      leaves(ConfigFactory.parseFile(f.toFile()).root(), List.of(), reference);
    }
    Map<String, String> documented =
        documentedDefaults(Files.readString(ROOT.resolve("docs/settings.md")));
    List<String> missing = new ArrayList<>();
    List<String> wrongDefault = new ArrayList<>();
    reference.forEach(
        (key, value) -> {
          String doc = documented.get(key);
          if (doc == null) {
            missing.add(key);
          } else if (!Objects.equals(parse(doc), value.unwrapped())) {
            wrongDefault.add(key + ": docs say " + doc + ", reference.conf says " + value.render());
          }
        });
    List<String> stale =
        documented.keySet().stream().filter(k -> !reference.containsKey(k)).toList();
    assertThat(missing)
        .as("keys of a reference.conf missing from docs/settings.md (add a table row)")
        .isEmpty();
    assertThat(wrongDefault)
        .as("defaults in docs/settings.md that differ from reference.conf")
        .isEmpty();
    assertThat(stale).as("keys in docs/settings.md that no reference.conf declares").isEmpty();
  }

  @Test
  void theRowPatternReadsAnEscapedBar() {
    assertThat(
            documentedDefaults(
                "| `mtc.a.b` | `\"\\|\"` | separator |\n| `mtc.c` | `[]` | list |\n"))
        .containsEntry("mtc.a.b", "`\"\\|\"`")
        .containsEntry("mtc.c", "`[]`");
    assertThat(parse("`\"\\|\"`")).isEqualTo("|");
  }

  private static List<Path> referenceFiles() throws IOException {
    try (Stream<Path> modules = Files.list(ROOT)) {
      return modules
          .map(m -> m.resolve("src/main/resources/reference.conf"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    }
  }

  /**
   * Every leaf under {@code object}: a value that is not an object, or an empty object ({@code
   * tasks {}}).
   */
  private static void leaves(ConfigObject object, List<String> path, Map<String, ConfigValue> out) {
    object.forEach(
        (key, value) -> {
          List<String> p = new ArrayList<>(path);
          p.add(key);
          if (value instanceof ConfigObject child && !child.isEmpty()) {
            leaves(child, p, out);
          } else {
            out.put(ConfigUtil.joinPath(p), value);
          }
        });
  }

  private static Map<String, String> documentedDefaults(String markdown) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : markdown.split("\n")) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        out.put(m.group(1), m.group(2));
      }
    }
    return out;
  }

  /** A documented default ({@code `32`}, {@code `null`}, {@code `"\|"`}) as HOCON reads it. */
  private static Object parse(String cell) {
    String value = cell.replace("`", "").replace("\\|", "|");
    return ConfigFactory.parseString("v = " + value).root().get("v").unwrapped();
  }
}
