package org.mtc.tasks.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.settings.DidYouMean;
import org.mtc.core.task.TaskSpec;

/**
 * Loads a task's splits from its folder under the data directory and maps label names to indices.
 *
 * <p>Files: {@code <dataDir>/<spec.data()>/<spec.splitFile(split)>}; a split file named without an
 * extension is looked for as {@code .tsv}, {@code .csv}, then {@code .jsonl}. The format is {@code
 * spec.format()}, or the extension when that is {@code auto}. An absent dev file gives an empty dev
 * split; an absent train or test file that was requested is an error.
 *
 * <p>Label space, first that applies: the one given (a trained model's), the task's declared {@code
 * labels}, else the labels of the whole training split, sorted by {@link String#compareTo}
 * (multi-label cells split on the separator). A label in any split outside the label space is an
 * error naming the row.
 *
 * <p>Stateless and thread-safe; every call reads the files anew.
 */
public final class TaskDataLoader {
  /** The split names in loading order. */
  public static final List<String> SPLITS = List.of("train", "dev", "test");

  private static final int LABELS_SHOWN = 20;

  private TaskDataLoader() {}

  /** Where a label space came from, which decides the fix an unknown-label error suggests. */
  private enum Source {
    GIVEN,
    DECLARED,
    INFERRED
  }

  /**
   * Loads the requested {@code splits} of {@code spec}; the others are empty.
   *
   * @param dataDir the data directory ({@link DataDirectory#resolve}); {@code spec.data()} is
   *     resolved against it
   * @param labels a trained model's label space to map labels into; empty: declared, else inferred
   *     from train (then the train file is read even when {@code train} is not requested)
   * @param splits any of {@code train}, {@code dev}, {@code test}
   * @param maxTrain when positive and smaller than the training split, keep a random sample of this
   *     many training rows (in file order), drawn with {@code seed}; labels are inferred before
   *     sampling
   * @param seed seeds the training sample
   * @throws MtcException for a missing file, a malformed row or an unknown label, naming file:line
   *     and the fix
   */
  public static TaskData load(
      TaskSpec spec,
      Path dataDir,
      Optional<LabelSpace> labels,
      Set<String> splits,
      int maxTrain,
      long seed) {
    for (String split : splits) {
      if (!SPLITS.contains(split)) {
        throw new MtcException(
            "unknown split '"
                + split
                + "'"
                + DidYouMean.suggest(split, SPLITS)
                + "; use train, dev or test");
      }
    }
    Path folder = dataDir.resolve(spec.data());
    boolean infer = labels.isEmpty() && spec.declaredLabels().isEmpty();
    Map<String, Path> files = new HashMap<>();
    Map<String, List<RawRow>> raw = new HashMap<>();
    for (String split : SPLITS) {
      if (splits.contains(split) || infer && split.equals("train")) {
        Optional<Path> file = locate(spec, dataDir, folder, split);
        if (file.isPresent()) {
          files.put(split, file.get());
          raw.put(split, readRaw(spec, file.get()));
        }
      }
    }
    LabelSpace space;
    Source source;
    if (labels.isPresent()) {
      space = labels.get();
      source = Source.GIVEN;
    } else if (spec.declaredLabels().isPresent()) {
      space = declared(spec);
      source = Source.DECLARED;
    } else {
      space = inferred(spec, files.get("train"), raw.get("train"));
      source = Source.INFERRED;
    }
    Map<String, List<Example>> examples = new HashMap<>();
    for (String split : SPLITS) {
      List<RawRow> rows = splits.contains(split) ? raw.get(split) : null;
      examples.put(
          split,
          rows == null
              ? List.of()
              : examples(spec, files.get(split), rows, space, source, files.get("train")));
    }
    List<Example> train = SeededSample.of(examples.get("train"), maxTrain, seed);
    return new TaskData(spec, space, train, examples.get("dev"), examples.get("test"));
  }

  /**
   * Reads one file of {@code spec}'s format (by extension when {@code auto}) and maps its labels
   * into {@code labels}; used to evaluate a model on a file given on the command line.
   *
   * @throws MtcException for a missing file, a malformed row or a label outside {@code labels}
   */
  public static List<Example> readFile(TaskSpec spec, Path file, LabelSpace labels) {
    if (Files.isDirectory(file)) {
      throw new MtcException(
          file
              + " is a directory; give a data file of task '"
              + spec.name()
              + "' (.tsv, .csv "
              + "or .jsonl)");
    }
    return examples(spec, file, readRaw(spec, file), labels, Source.GIVEN, null);
  }

  /**
   * The files {@link #load} reads for {@code splits} of {@code spec}, by split in train, dev, test
   * order (an absent dev file is left out); for records such as checksums of the data a run used.
   *
   * @throws MtcException for a missing data folder, train or test file, as {@link #load} does
   */
  public static Map<String, Path> files(TaskSpec spec, Path dataDir, Set<String> splits) {
    Map<String, Path> out = new LinkedHashMap<>();
    for (String split : SPLITS) {
      if (splits.contains(split)) {
        locate(spec, dataDir, dataDir.resolve(spec.data()), split)
            .ifPresent(f -> out.put(split, f));
      }
    }
    return out;
  }

  static List<RawRow> readRaw(TaskSpec spec, Path file) {
    return switch (DataFormat.of(spec, file)) {
      case TSV -> DelimitedReader.read(file, true, spec);
      case CSV -> DelimitedReader.read(file, false, spec);
      case JSONL -> JsonlReader.read(file, spec);
    };
  }

  /**
   * The file of {@code split}, or empty for an absent dev file; an absent train or test file is an
   * error.
   */
  static Optional<Path> locate(TaskSpec spec, Path dataDir, Path folder, String split) {
    String name = spec.splitFile(split);
    List<Path> candidates = new ArrayList<>();
    if (Path.of(name).getFileName().toString().contains(".")) {
      candidates.add(folder.resolve(name));
    } else {
      for (String extension : DataFormat.EXTENSIONS) {
        candidates.add(folder.resolve(name + extension));
      }
      candidates.add(folder.resolve(name));
    }
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    if (split.equals("dev")) {
      return Optional.empty();
    }
    String looked =
        candidates.size() == 1
            ? candidates.get(0).toString()
            : candidates.get(0)
                + " (also "
                + String.join(", ", DataFormat.EXTENSIONS.subList(1, DataFormat.EXTENSIONS.size()))
                + ")";
    String dataDirFix =
        "point --data-dir (or mtc.data-dir, MTC_DATA_DIR) at the folder that holds '"
            + spec.data()
            + "'";
    if (!Files.isDirectory(folder)) {
      throw new MtcException(
          spec.where()
              + ": task '"
              + spec.name()
              + "' has no data folder "
              + folder
              + " (data = \""
              + spec.data()
              + "\" under the data directory "
              + dataDir
              + "). Fix: "
              + dataDirFix
              + ", or correct data = <folder> in the task entry");
    }
    throw new MtcException(
        spec.where()
            + ": task '"
            + spec.name()
            + "' has no "
            + split
            + " file: looked for "
            + looked
            + ". Fix: put the file there, set "
            + split
            + " = <file> in the task entry, or "
            + dataDirFix);
  }

  private static LabelSpace declared(TaskSpec spec) {
    try {
      return new LabelSpace(spec.name(), spec.labels());
    } catch (MtcException e) {
      throw new MtcException(spec.where() + ": " + e.getMessage(), e);
    }
  }

  private static LabelSpace inferred(TaskSpec spec, Path trainFile, List<RawRow> train) {
    TreeSet<String> names = new TreeSet<>();
    for (RawRow row : train) {
      names.addAll(row.labels());
    }
    if (names.isEmpty()) {
      throw new MtcException(
          trainFile
              + ": no labels in column '"
              + spec.labelColumn()
              + "' of the training split, "
              + "so task '"
              + spec.name()
              + "' has none to learn; fill that column or declare labels = [...] ("
              + spec.where()
              + ")");
    }
    return new LabelSpace(spec.name(), new ArrayList<>(names));
  }

  private static List<Example> examples(
      TaskSpec spec,
      Path file,
      List<RawRow> rows,
      LabelSpace space,
      Source source,
      Path trainFile) {
    Map<String, Integer> index = new HashMap<>(space.size() * 2);
    for (int i = 0; i < space.size(); i++) {
      index.put(space.label(i), i);
    }
    String prefix = file + ":";
    List<Example> examples = new ArrayList<>(rows.size());
    for (RawRow row : rows) {
      List<String> names = row.labels();
      int[] ids = new int[names.size()];
      for (int j = 0; j < ids.length; j++) {
        Integer id = index.get(names.get(j));
        if (id == null) {
          throw unknownLabel(spec, prefix + row.line(), names.get(j), space, source, trainFile);
        }
        ids[j] = id;
      }
      if (ids.length > 1) {
        Arrays.sort(ids);
      }
      examples.add(new Example(row.input(), ids, prefix + row.line()));
    }
    return examples;
  }

  private static MtcException unknownLabel(
      TaskSpec spec, String where, String label, LabelSpace space, Source source, Path trainFile) {
    List<String> known = space.labels();
    String shown =
        String.join(", ", known.subList(0, Math.min(LABELS_SHOWN, known.size())))
            + (known.size() > LABELS_SHOWN ? ", ..." : "");
    String entry = "labels = [...] of task '" + spec.name() + "' (" + spec.where() + ")";
    String fix =
        switch (source) {
          case DECLARED -> "declare it in " + entry + ", or correct the row";
          case INFERRED ->
              "the labels were inferred from the training split "
                  + trainFile
                  + ", where it never occurs; "
                  + "declare it in "
                  + entry
                  + ", or correct the row";
          case GIVEN ->
              "the model knows only these labels; correct or drop the row, or declare it in "
                  + entry
                  + " and train again";
        };
    String suggestion = DidYouMean.suggest(label, known);
    return new MtcException(
        where
            + ": unknown label '"
            + label
            + "' for task '"
            + spec.name()
            + "'"
            + (suggestion.isEmpty() ? "." : suggestion)
            + " The task has "
            + known.size()
            + " labels: "
            + shown
            + ". Fix: "
            + fix);
  }
}
