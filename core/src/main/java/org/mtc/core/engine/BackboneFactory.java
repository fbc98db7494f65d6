package org.mtc.core.engine;

import org.mtc.core.Backbone;

/**
 * Opens backbones on one engine. Bound by the engine module's {@link org.mtc.core.inject.MtcModule}
 * into the map of factories ({@code bindEngine}) and constructed by Guice; stateless and
 * thread-safe. The caller owns (and closes) every backbone it opens.
 */
public interface BackboneFactory {
  /**
   * Opens the directory of {@code spec}; fails with a message naming a missing or mismatched
   * tensor.
   */
  Backbone open(BackboneSpec spec);
}
