package org.mtc.cli;

/**
 * A top-level command that a module outside {@code cli} adds to {@code mtc}, found with {@link
 * java.util.ServiceLoader} (a line in that module's {@code META-INF/services/org.mtc.cli.Subcommand}). The class is
 * a picocli {@code @Command} with a public no-argument constructor; {@code mtc bench} joins this way, so the product
 * modules never depend on the benchmarks: {@code bench} depends on {@code cli}, and its class path (what
 * {@code bin/mtc} runs) is the one that offers {@code mtc bench}. A new instance is made for each command line.
 */
public interface Subcommand {
}
