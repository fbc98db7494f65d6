package org.mtc.cli;

import com.google.inject.multibindings.Multibinder;
import org.mtc.core.inject.MtcModule;

/**
 * The command line's place in the graph: declares the set of {@link Subcommand}s that other modules
 * plug in (empty without them). Listed in cli's {@code
 * META-INF/services/org.mtc.core.inject.MtcModule}; binds nothing else.
 */
public final class CliModule extends MtcModule {
  @Override
  protected void configure() {
    Multibinder.newSetBinder(binder(), Subcommand.class);
  }
}
