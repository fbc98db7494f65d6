/**
 * Importers that make Hugging Face layout backbone directories from Google BERT-base and from BERT
 * directories.
 */
package org.mtc.tf.importer;
