package org.mtc.tf;

import org.mtc.core.engine.BackboneFactory;
import org.mtc.core.testing.BackboneContract;

/** The engine contract on TensorFlow Java. */
class TfBackboneContractTest extends BackboneContract {
  @Override
  protected BackboneFactory factory() {
    return new TfBackboneFactory();
  }

  @Override
  protected String engine() {
    return TfEnginePlugin.ENGINE;
  }
}
