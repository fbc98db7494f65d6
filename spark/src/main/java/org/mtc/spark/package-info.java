/**
 * Annotating a corpus on Apache Spark: {@link org.mtc.spark.SparkAnnotator} adds one struct column
 * per task to a {@code Dataset<Row>}, opening the model once per executor JVM ({@link
 * org.mtc.spark.ExecutorModels}); {@link org.mtc.spark.AnnotateJob} is {@code mtc annotate --spark}
 * (read a file, annotate, write Parquet, JSON lines or TSV). See docs/annotate.md and
 * docs/scale.md.
 */
package org.mtc.spark;
