package org.mtc.tasks.compose;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mtc.tasks.model.TasksConf;

/**
 * The settings a student trained from source models takes from them, whatever the user gives
 * ({@link #FIXED}): its starting encoder, the pooling, max length and {@code mtc.heads} of the
 * model it starts from, and each task's teacher. Shared by {@link DistilledAdd} and {@link
 * TaskMerge}. Stateless.
 */
final class StudentSettings {
  /** The settings {@link #over} fixes. */
  static final List<String> FIXED =
      List.of(
          "mtc.backbone.directory",
          "mtc.backbone.pooling",
          "mtc.backbone.max-length",
          "mtc.heads",
          "mtc.train.distill.teachers");

  private StudentSettings() {}

  /**
   * {@code settings} with the {@link #FIXED} settings over them.
   *
   * @param backboneDir the student's starting encoder
   * @param conf the tasks.conf of the model whose pooling, max length and head settings it keeps
   * @param teachers each task's teacher, a model directory
   */
  static Config over(
      Config settings, Path backboneDir, TasksConf conf, Map<String, Path> teachers) {
    Map<String, Object> paths = new LinkedHashMap<>();
    teachers.forEach((task, dir) -> paths.put(task, dir.toAbsolutePath().toString()));
    Config fixed =
        ConfigFactory.empty()
            .withValue(
                "mtc.backbone.directory",
                ConfigValueFactory.fromAnyRef(backboneDir.toAbsolutePath().toString()))
            .withValue(
                "mtc.backbone.pooling",
                ConfigValueFactory.fromAnyRef(conf.pooling().name().toLowerCase(Locale.ROOT)))
            .withValue("mtc.backbone.max-length", ConfigValueFactory.fromAnyRef(conf.maxLength()))
            .withValue("mtc.train.distill.teachers", ConfigValueFactory.fromMap(paths));
    return fixed.withFallback(conf.headSettings(settings));
  }
}
