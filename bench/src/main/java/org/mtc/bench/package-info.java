/**
 * The {@code mtc bench} commands: multitask against single-task models (accuracy, speed, memory;
 * {@code mtc bench}), task grouping, encoder engines side by side and CPU contention. Each command
 * object runs once on one thread; measurements run in child JVMs where isolation matters.
 */
package org.mtc.bench;
