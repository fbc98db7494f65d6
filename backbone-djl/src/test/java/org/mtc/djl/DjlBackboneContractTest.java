package org.mtc.djl;

import org.mtc.core.engine.BackboneFactory;
import org.mtc.core.testing.BackboneContract;

/** The engine contract (core's test-jar, shared by every engine module) on DJL / PyTorch. */
class DjlBackboneContractTest extends BackboneContract {
  @Override
  protected BackboneFactory factory() {
    return new DjlBackboneFactory();
  }

  @Override
  protected String engine() {
    return DjlEnginePlugin.ENGINE;
  }
}
