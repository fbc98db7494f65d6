/**
 * The {@code mtc} command line (picocli): {@code import}, {@code train}, {@code eval}, {@code
 * predict}, {@code export}, {@code tasks} and {@code bench}. Commands turn options into settings
 * ({@link org.mtc.core.settings.SettingsLayers}) and call the library; bad input ends with exit
 * code 2 and one line naming the place, the value and the fix. Each command object runs once on one
 * thread.
 */
package org.mtc.cli;
