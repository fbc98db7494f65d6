/**
 * Settings: every module's {@code reference.conf} merged under user HOCON files with strict
 * checking ({@link org.mtc.core.settings.Settings}: unknown keys and out-of-range values are errors
 * naming file and line), the command-line layering shared by {@code mtc} and {@code mtc bench}
 * ({@link org.mtc.core.settings.SettingsLayers}) and the "did you mean" helper. Stateless or
 * immutable, and thread-safe.
 */
package org.mtc.core.settings;
