package org.mtc.cli;

import com.google.inject.ConfigurationException;
import java.lang.reflect.Modifier;
import org.mtc.core.inject.Wiring;
import picocli.CommandLine;

/**
 * The picocli factory of the command line: the commands and mixins it instantiates are made by the
 * graph ({@link Wiring}), so that they receive what they need by injection ({@code @Inject} fields
 * or constructors: {@code Engines}, {@code Importers}, {@code DefaultBackbone}) instead of looking
 * it up. Interfaces, abstract classes, the JDK's and picocli's own classes, and a class Guice
 * cannot make (no usable constructor) come from picocli's default factory, as before. Used from the
 * thread that builds the command line.
 */
final class InjectingFactory implements CommandLine.IFactory {
  private final Wiring wiring;
  private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

  InjectingFactory(Wiring wiring) {
    this.wiring = wiring;
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    if (cls.isInterface()
        || Modifier.isAbstract(cls.getModifiers())
        || cls.isPrimitive()
        || cls.isArray()
        || cls.getName().startsWith("java.")
        || cls.getName().startsWith("picocli.")) {
      return fallback.create(cls);
    }
    try {
      return wiring.get(cls);
    } catch (
        ConfigurationException
            e) { // e.g. only a private constructor: picocli's own reflection makes it
      return fallback.create(cls);
    }
  }
}
