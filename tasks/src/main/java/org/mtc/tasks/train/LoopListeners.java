package org.mtc.tasks.train;

import java.util.List;

/**
 * Listeners called as one: every hook in list order, except {@link #end}, which runs in reverse
 * (the part that began first finishes last, as nested scopes close). Immutable.
 */
final class LoopListeners implements LoopListener {
  private final List<LoopListener> parts;

  LoopListeners(List<LoopListener> parts) {
    this.parts = List.copyOf(parts);
  }

  @Override
  public void begin(LoopContext c) {
    parts.forEach(p -> p.begin(c));
  }

  @Override
  public void afterStep(LoopContext c, StepResult step) {
    parts.forEach(p -> p.afterStep(c, step));
  }

  @Override
  public void afterEvaluation(LoopContext c, StepResult step, DevRound round) {
    parts.forEach(p -> p.afterEvaluation(c, step, round));
  }

  @Override
  public void endOfStep(LoopContext c) {
    parts.forEach(p -> p.endOfStep(c));
  }

  @Override
  public void end(LoopContext c) {
    for (int i = parts.size() - 1; i >= 0; i--) {
      parts.get(i).end(c);
    }
  }
}
