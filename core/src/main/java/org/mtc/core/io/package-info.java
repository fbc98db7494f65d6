/**
 * File formats and file handling shared by every module: safetensors and float tensors, atomic
 * writes and staged directories (built beside the target, renamed into place so readers never see
 * half a file), UTF-8 line reading, file trees and {@code /proc} status. Static helpers are
 * stateless and thread-safe; {@link org.mtc.core.io.FloatTensor} is a plain holder the caller must
 * not share while writing to it.
 */
package org.mtc.core.io;
