package org.mtc.core.inject;

import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.mtc.core.MtcException;

/**
 * mtc's object graph: one Guice injector built from every {@link MtcModule} that {@link
 * ServiceLoader} finds (the engines' factories, the importers, the command line's plugged
 * commands), holding the {@link org.mtc.core.engine.Engines} and {@link
 * org.mtc.core.engine.Importers} made from them. {@link #withSettings} adds the merged settings
 * ({@code Config}) and the engine they select ({@code mtc.backbone.engine}: a bare {@link
 * org.mtc.core.engine.BackboneFactory}, Druid's PolyBind idea); components take what they need by
 * constructor ({@code @Inject}) and are built with {@link #get}. Building does no I/O and opens no
 * backbone. Immutable and thread-safe.
 *
 * <p>A failure while the graph is built or a component made surfaces as the exception the component
 * threw (an {@link MtcException} with its one-line message), never as Guice's report.
 */
public final class Wiring {
  private final Injector injector;

  private Wiring(Injector injector) {
    this.injector = injector;
  }

  /**
   * The graph of the modules on the class path (the thread's context class loader, as ServiceLoader
   * uses).
   */
  public static Wiring discover() {
    return of(found(ServiceLoader.load(MtcModule.class)));
  }

  /**
   * The graph of the modules that {@code loader} finds: tests, and applications with their own
   * class loaders.
   */
  public static Wiring discover(ClassLoader loader) {
    return of(found(ServiceLoader.load(MtcModule.class, loader)));
  }

  /**
   * The graph of exactly {@code modules}: tests, and applications that choose their engines.
   *
   * @throws MtcException in one line when the modules do not fit together (two bind the same engine
   *     name)
   */
  public static Wiring of(Collection<? extends Module> modules) {
    List<Module> all = new ArrayList<>(modules);
    all.add(new GraphModule());
    try {
      return new Wiring(Guice.createInjector(all));
    } catch (CreationException e) {
      RuntimeException thrown = unwrapped(e, e.getErrorMessages());
      if (thrown != e) {
        throw thrown;
      }
      throw new MtcException(
          "mtc's modules ("
              + modules.stream().map(m -> m.getClass().getName()).collect(Collectors.joining(", "))
              + ") do not fit together: "
              + e.getErrorMessages().iterator().next().getMessage()
              + "; two jars on the class path bind the same name, or one is from another build: remove "
              + "or rebuild it",
          e);
    }
  }

  /**
   * This graph plus {@code settings} (merged: every module's reference.conf under the user's
   * layers) and the engine they select. Cheap: the modules are not configured again.
   */
  public Wiring withSettings(Config settings) {
    try {
      return new Wiring(injector.createChildInjector(new SettingsModule(settings)));
    } catch (CreationException e) {
      throw unwrapped(e, e.getErrorMessages());
    }
  }

  /**
   * The component of type {@code type}, made with what its {@code @Inject} constructor asks for.
   *
   * @throws MtcException as the component (or one it needs) threw it, e.g. for an unknown engine
   */
  public <T> T get(Class<T> type) {
    try {
      return injector.getInstance(type);
    } catch (ProvisionException e) {
      throw unwrapped(e, e.getErrorMessages());
    } catch (ConfigurationException e) {
      throw unwrapped(e, e.getErrorMessages());
    }
  }

  private static List<MtcModule> found(ServiceLoader<MtcModule> loader) {
    List<MtcModule> modules = new ArrayList<>();
    try {
      loader.forEach(modules::add);
    } catch (ServiceConfigurationError e) {
      throw new MtcException(
          "a module listed in META-INF/services/"
              + MtcModule.class.getName()
              + " cannot be "
              + "loaded ("
              + e.getMessage()
              + "); a jar on the class path is stale or broken: rebuild or remove it",
          e);
    }
    return modules;
  }

  /**
   * What a component threw, unwrapped from Guice's report: the first {@link MtcException} among the
   * causes, else the one runtime exception that caused it, else Guice's own exception (a wiring
   * mistake: a missing binding).
   */
  static RuntimeException unwrapped(RuntimeException guice, Collection<Message> messages) {
    RuntimeException only = null;
    for (Message m : messages) {
      for (Throwable t = m.getCause(); t != null; t = t.getCause()) {
        if (t instanceof MtcException e) {
          return e;
        }
      }
      if (messages.size() == 1 && m.getCause() instanceof RuntimeException r) {
        only = r;
      }
    }
    return only != null ? only : guice;
  }
}
