package org.mtc.tasks.model;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.io.LineEnds;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;

/**
 * The {@code tasks.conf} of a trained model: the task set with every label list explicit and in
 * output order, plus what the heads were trained on ({@code mtc.backbone.pooling}, {@code
 * mtc.backbone.max-length}, the {@code mtc.heads} settings). It is an ordinary mtc settings file:
 * it can be given back as a task set. Immutable and thread-safe.
 *
 * @param tasks tasks in head order, each with its labels declared
 * @param pooling the resolved pooling of the backbone (CLS or MEAN)
 * @param maxLength tokens per text the model was trained with
 * @param heads the {@code mtc.heads} subtree used to build the heads (empty when unknown)
 */
public record TasksConf(TaskSet tasks, Pooling pooling, int maxLength, Config heads) {
  public static final String FILE = "tasks.conf";

  /** The HOCON text; one task per line so that reading it back keeps the order. */
  public String render() {
    StringBuilder b = new StringBuilder();
    b.append(
            "# A trained mtc model: its tasks (labels in output order) and the settings its heads were trained\n")
        .append(
            "# with. MultitaskModel.load reads it; label counts must match heads.safetensors.\n")
        .append("mtc.backbone.pooling = ")
        .append(pooling.name().toLowerCase(Locale.ROOT))
        .append('\n')
        .append("mtc.backbone.max-length = ")
        .append(maxLength)
        .append('\n');
    if (!heads.isEmpty()) {
      b.append("mtc.heads { ")
          .append(heads.root().render(ConfigRenderOptions.concise().setJson(false)))
          .append(" }\n");
    }
    b.append("mtc.tasks {\n");
    for (TaskSpec t : tasks.tasks()) {
      b.append("  ")
          .append(ConfigUtil.quoteString(t.name()))
          .append(" { kind = ")
          .append(t.kind().configName())
          .append(", data = ")
          .append(q(t.data()))
          .append(", train = ")
          .append(q(t.train()))
          .append(", dev = ")
          .append(q(t.dev()))
          .append(", test = ")
          .append(q(t.test()))
          .append(", format = ")
          .append(q(t.format()))
          .append(", text-column = ")
          .append(q(t.textColumn()))
          .append(t.hasContext() ? ", context-column = " + q(t.contextColumn()) : "")
          .append(", label-column = ")
          .append(q(t.labelColumn()))
          .append(", label-separator = ")
          .append(q(t.labelSeparator()))
          .append(", labels = [")
          .append(t.labels().stream().map(TasksConf::q).collect(Collectors.joining(", ")))
          .append("]")
          .append(dreamName(t.dreamNames()))
          .append(" }\n");
    }
    return b.append("}\n").toString();
  }

  /** {@code , dream-name = ...}: a string for one name, a list for several, nothing for none. */
  private static String dreamName(List<String> names) {
    if (names.isEmpty()) {
      return "";
    }
    return ", dream-name = "
        + (names.size() == 1
            ? q(names.get(0))
            : names.stream().map(TasksConf::q).collect(Collectors.joining(", ", "[", "]")));
  }

  /**
   * Reads a {@code tasks.conf}.
   *
   * @throws MtcException naming the file when it is missing, unparsable or a task has no labels
   */
  public static TasksConf read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new MtcException(
          "missing "
              + file
              + ": a trained model directory needs tasks.conf (the task set "
              + "with its labels); was the directory written by `mtc train`?");
    }
    LineEnds.requireNoLoneCarriageReturn(file);
    return from(
        () ->
            ConfigFactory.parseString(
                withBracedHeads(text(file)),
                ConfigParseOptions.defaults().setOriginDescription(file.toString())),
        file.toString());
  }

  /**
   * Reads a {@code tasks.conf} from its text, as {@link #render} wrote it (an exported graph keeps
   * it in its metadata).
   *
   * @param origin where the text comes from, for error messages (a file and metadata key)
   * @throws MtcException naming {@code origin} when the text is unparsable or a task has no labels
   */
  public static TasksConf parse(String text, String origin) {
    return from(
        () ->
            ConfigFactory.parseString(
                withBracedHeads(text), ConfigParseOptions.defaults().setOriginDescription(origin)),
        origin);
  }

  private static TasksConf from(Supplier<Config> parse, String origin) {
    try {
      Config c = parse.get().resolve();
      Config merged = c.withFallback(Settings.reference());
      TaskSet tasks = TaskSet.from(merged);
      for (TaskSpec t : tasks.tasks()) {
        if (t.labels().isEmpty()) {
          throw new MtcException(
              t.where()
                  + ": task '"
                  + t.name()
                  + "' has no `labels = [...]`; tasks.conf of a "
                  + "trained model must list every label in output order");
        }
      }
      Pooling pooling =
          Pooling.parse(
              merged.getString("mtc.backbone.pooling"),
              Settings.where(merged, "mtc.backbone.pooling"));
      Config heads = c.hasPath("mtc.heads") ? c.getConfig("mtc.heads") : ConfigFactory.empty();
      return new TasksConf(tasks, pooling, merged.getInt("mtc.backbone.max-length"), heads);
    } catch (ConfigException e) {
      throw new MtcException("could not read " + origin + ": " + e.getMessage(), e);
    }
  }

  private static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new MtcException("could not read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code text} with a head settings line written before 0.1 braced: such files hold {@code
   * mtc.heads dropout=0.1,pooler=true}, which HOCON reads as a key {@code "heads dropout"} and
   * top-level keys, so the recorded head settings were lost on reading.
   */
  static String withBracedHeads(String text) {
    return OLD_HEADS_LINE.matcher(text).replaceAll("mtc.heads { $1 }");
  }

  private static final java.util.regex.Pattern OLD_HEADS_LINE =
      java.util.regex.Pattern.compile("(?m)^mtc\\.heads (?!\\{)(.*)$");

  /**
   * The {@code mtc.heads} settings to rebuild the heads: those recorded here over {@code settings}.
   */
  public Config headSettings(Config settings) {
    return heads.isEmpty() ? settings : heads.atPath("mtc.heads").withFallback(settings);
  }

  /** The tasks' names in head order. */
  public List<String> names() {
    return tasks.names();
  }

  private static String q(String s) {
    return ConfigUtil.quoteString(s);
  }
}
