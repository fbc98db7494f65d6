package org.mtc.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.library.Mtc;
import org.mtc.library.MtcOptions;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Prediction;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark {@code local[2,3]} (two cores, a task may fail three times) on a tiny model and a few
 * hundred rows: the Spark output equals in-process predictions, a task that dies mid-partition
 * loses and duplicates nothing, and {@code mtc annotate --spark}'s job writes, refuses and reads
 * what the in-process command does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkAnnotatorTest {
  private static final int ROWS = 300;
  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.IntegerType, false)
          .add("text", DataTypes.StringType, true)
          .add("context", DataTypes.StringType, true);
  @TempDir Path dir;
  SparkSession spark;
  Path run;

  @BeforeAll
  void start() {
    run = TinyTrainedModel.run();
    spark =
        SparkSession.builder()
            .master("local[2,3]")
            .appName("mtc spark test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
  }

  @AfterAll
  void stop() {
    spark.stop();
  }

  private Dataset<Row> corpus() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      String text =
          i == 7 ? null : i == 8 ? "" : "a " + (i % 2 == 0 ? "good" : "bad") + " day number " + i;
      rows.add(RowFactory.create(i, text, i % 3 == 0 ? "how was it?" : null));
    }
    return spark.createDataFrame(rows, SCHEMA).repartition(4);
  }

  @Test
  void sparkOutputEqualsInProcessPredictions() {
    int openBefore = ExecutorModels.openCount();
    List<Row> out =
        SparkAnnotator.of(ModelSource.shared(run.toString()))
            .batchSize(16)
            .annotate(corpus())
            .collectAsList();
    assertThat(out).hasSize(ROWS);
    try (Classifier model = Mtc.open(run, MtcOptions.defaults().engine("onnx"))) {
      for (Row row : out) {
        int id = row.getInt(row.fieldIndex("id"));
        String error = row.getString(row.fieldIndex("error"));
        if (id == 7 || id == 8) {
          assertThat(error).isEqualTo("no text");
          assertThat(row.isNullAt(row.fieldIndex("mood"))).isTrue();
          continue;
        }
        assertThat(error).isNull();
        String context = row.isNullAt(2) ? "" : row.getString(2);
        Prediction expected = model.predict(Input.withContext(context, row.getString(1)));
        Row mood = row.getStruct(row.fieldIndex("mood"));
        assertThat(mood.getString(0)).isEqualTo(expected.task("mood").label());
        Map<String, Float> probs = CollectionConverters.asJava(mood.<String, Float>getMap(1));
        assertThat(probs.keySet())
            .containsExactlyInAnyOrderElementsOf(expected.task("mood").probabilities().keySet());
        probs.forEach(
            (label, p) ->
                assertThat(p).isCloseTo(expected.task("mood").probability(label), within(1e-6f)));
        Row tags = row.getStruct(row.fieldIndex("tags"));
        assertThat(CollectionConverters.asJava(tags.<String>getSeq(0)))
            .isEqualTo(expected.task("tags").labels());
        CollectionConverters.asJava(tags.<String, Float>getMap(1))
            .forEach(
                (label, p) ->
                    assertThat(p)
                        .isCloseTo(expected.task("tags").probability(label), within(1e-6f)));
      }
    }
    assertThat(ExecutorModels.openCount() - openBefore)
        .as("the driver and both task threads share one model")
        .isLessThanOrEqualTo(1);
  }

  /**
   * Throws on the first attempt of partition 0 after 40 rows: mid-partition, after rows were
   * annotated.
   */
  static final class FailFirstAttempt implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      TaskContext task = TaskContext.get();
      boolean fail = task.partitionId() == 0 && task.attemptNumber() == 0;
      return new Iterator<>() {
        int seen;

        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          if (fail && ++seen > 40) {
            throw new IllegalStateException("executor lost (test)");
          }
          return rows.next();
        }
      };
    }
  }

  @Test
  void aTaskThatFailsMidPartitionIsRetriedAndEveryRowIsWrittenOnce() {
    Dataset<Row> annotated =
        SparkAnnotator.of(ModelSource.shared(run.toString())).batchSize(8).annotate(corpus());
    Dataset<Row> flaky =
        annotated.mapPartitions(new FailFirstAttempt(), Encoders.row(annotated.schema()));
    String out = dir.resolve("flaky.parquet").toString();
    flaky.write().parquet(out);
    List<Row> ids = spark.read().parquet(out).select("id").collectAsList();
    Map<Integer, Integer> counts = new HashMap<>();
    ids.forEach(r -> counts.merge(r.getInt(0), 1, Integer::sum));
    assertThat(ids).hasSize(ROWS);
    assertThat(counts).hasSize(ROWS).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
  }

  @Test
  void aShippedModelAnswersAsTheSharedOne() {
    Dataset<Row> small = corpus().limit(20);
    List<Row> shared =
        SparkAnnotator.of(ModelSource.shared(run.toString()))
            .annotate(small)
            .orderBy("id")
            .collectAsList();
    List<Row> shipped =
        SparkAnnotator.of(ModelSource.ship(spark, run))
            .annotate(small)
            .orderBy("id")
            .collectAsList();
    assertThat(shipped).isEqualTo(shared);
  }

  @Test
  void aMissingTextColumnNamesTheColumnsPresent() {
    Dataset<Row> noText = corpus().withColumnRenamed("text", "sentence");
    assertThatThrownBy(() -> SparkAnnotator.of(ModelSource.shared(run.toString())).annotate(noText))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("no column 'text'")
        .hasMessageContaining("id, sentence, context");
  }

  @Test
  void theCommandLineJobWritesEachRowOnceAndRefusesAnExistingOutput() throws Exception {
    List<String> lines = new ArrayList<>(List.of("id\ttext"));
    for (int i = 0; i < 50; i++) {
      lines.add(i + "\t" + (i == 3 ? "" : "\"a \"\"quoted\"\" day " + i + "\""));
    }
    Path input = Files.write(dir.resolve("corpus.tsv"), lines);
    Path output = dir.resolve("out.parquet");
    Map<String, String> options =
        new HashMap<>(
            Map.of(
                "master",
                "local[2]",
                "model",
                run.toString(),
                "input",
                input.toString(),
                "output",
                output.toString(),
                "format",
                "parquet"));
    long[] progress = {0};
    assertThat(AnnotateJob.run(options, n -> progress[0] += n)).isEqualTo(50);
    assertThat(progress[0]).isBetween(0L, 50L);
    List<Row> rows = spark.read().parquet(output.toString()).orderBy("id").collectAsList();
    assertThat(rows).hasSize(50);
    Row empty = rows.stream().filter(r -> r.getString(0).equals("3")).findFirst().orElseThrow();
    assertThat(empty.getString(empty.fieldIndex("error"))).isEqualTo("no text");
    assertThat(
            rows.stream()
                .filter(r -> r.getString(0).equals("5"))
                .findFirst()
                .orElseThrow()
                .getString(1))
        .isEqualTo("a \"quoted\" day 5");
    assertThatThrownBy(() -> AnnotateJob.run(options, n -> {}))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("exists")
        .hasMessageContaining("--overwrite");
    options.put("overwrite", "true");
    options.put("format", "jsonl");
    assertThat(AnnotateJob.run(options, n -> {})).isEqualTo(50);
    options.put("format", "tsv");
    assertThat(AnnotateJob.run(options, n -> {})).isEqualTo(50);
    assertTsvPartsHaveTheHeaderAndQuoteTheProbabilities(output);
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.contains(".part-"));
    }
  }

  private static void assertTsvPartsHaveTheHeaderAndQuoteTheProbabilities(Path output)
      throws Exception {
    List<String> tsv = new ArrayList<>();
    try (var parts = Files.list(output)) {
      for (Path part :
          parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        tsv.addAll(Files.readAllLines(part));
      }
    }
    assertThat(tsv.get(0)).isEqualTo("id\ttext\tmood\tmood.probs\ttags\ttags.probs\terror");
    assertThat(tsv)
        .filteredOn(line -> line.startsWith("7\t"))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line.split("\t")[3])
                    .startsWith("\"{\"\"")
                    .contains("\"\"good\"\":")); // quoted
  }

  @Test
  void anExistingOutputOrAModelThatIsNoneIsRefusedBeforeSparkStarts() throws Exception {
    Function<Map<String, String>, SparkSession> noSpark =
        o -> {
          throw new AssertionError("Spark was started before the checks");
        };
    Path taken = Files.createDirectories(dir.resolve("taken.parquet"));
    Map<String, String> options =
        new HashMap<>(
            Map.of("model", run.toString(), "input", "turns.tsv", "output", taken.toString()));
    assertThatThrownBy(() -> AnnotateJob.run(options, n -> {}, noSpark))
        .isInstanceOf(MtcException.class)
        .hasMessage(
            "output "
                + taken
                + " exists; pass --overwrite to replace it, or choose another --output");
    options.put("output", dir.resolve("free.parquet").toString());
    options.put("model", dir.resolve("no-model").toString());
    assertThatThrownBy(() -> AnnotateJob.run(options, n -> {}, noSpark))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("no-model does not exist");
    Path notAModel = Files.createDirectories(dir.resolve("not-a-model"));
    options.put("model", notAModel.toString());
    assertThatThrownBy(() -> AnnotateJob.run(options, n -> {}, noSpark))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("no trained model in " + notAModel);
    options.put("model", run.toString());
    options.put("format", "csv");
    assertThatThrownBy(() -> AnnotateJob.run(options, n -> {}, noSpark))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("unknown format 'csv'");
  }
}
