package org.mtc.cli;

/**
 * A top-level command that a module outside {@code cli} adds to {@code mtc}: the module's {@link
 * org.mtc.core.inject.MtcModule} adds the class to the graph's set of subcommands ({@code
 * Multibinder.newSetBinder(binder(), Subcommand.class).addBinding().to(TheCommand.class)}). The
 * class is a picocli {@code @Command} that Guice can make (a no-argument or an {@code @Inject}
 * constructor; {@code @Inject} fields are filled); {@code mtc bench} joins this way, so the product
 * modules never depend on the benchmarks: {@code bench} depends on {@code cli}, and its class path
 * (what {@code bin/mtc} runs) is the one that offers {@code mtc bench}. A new instance is made for
 * each command line.
 */
public interface Subcommand {}
