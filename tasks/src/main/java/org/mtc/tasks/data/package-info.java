/**
 * Task data: finding the data directory, reading TSV, CSV and JSONL files into {@link
 * org.mtc.tasks.data.Example}s (text, optional context, labels) with clear errors naming file, line
 * and column, and loading the splits a task declares. Readers and loaders are stateless; the loaded
 * {@link org.mtc.tasks.data.TaskData} is immutable and thread-safe.
 */
package org.mtc.tasks.data;
