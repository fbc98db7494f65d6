package org.mtc.bench.experiment;

/**
 * A data file the experiment read, with its checksum, so a report names exactly the data behind its
 * numbers.
 *
 * @param task the task
 * @param split train, dev or test
 * @param path the file
 * @param bytes its size
 * @param sha256 lower-case hex SHA-256 of its content
 */
public record DataFile(String task, String split, String path, long bytes, String sha256) {}
