package org.mtc.bench;

import com.google.inject.multibindings.Multibinder;
import org.mtc.cli.Subcommand;
import org.mtc.core.inject.MtcModule;

/**
 * The benchmarks' place in the graph: adds {@code mtc bench} ({@link BenchCommand}) to the command
 * line's subcommands. Listed in bench's {@code META-INF/services/org.mtc.core.inject.MtcModule};
 * nothing in the product depends on it.
 */
public final class BenchModule extends MtcModule {
  @Override
  protected void configure() {
    Multibinder.newSetBinder(binder(), Subcommand.class).addBinding().to(BenchCommand.class);
  }
}
