package org.mtc.bench.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment that decides how the engines' native worker threads wait for work. libtorch (the
 * djl engine) runs its intra-op threads on GNU OpenMP (the {@code libgomp} shipped in {@code
 * pytorch-native-cpu}), which reads {@code OMP_WAIT_POLICY} and {@code GOMP_SPINCOUNT} once, when
 * the library loads: a JVM cannot change them for itself, so every process that mtc starts gets
 * them here and {@code bin/mtc} exports the same values. Without them libgomp busy-waits (spins)
 * between parallel regions, which steals the cores another process needs and made the djl engine
 * several times slower on a shared machine (docs/threads.md). Stateless.
 */
public final class NativeThreadEnv {
  /**
   * The values mtc's launcher and child JVMs use; keep {@code bin/mtc} and the surefire
   * configuration in step.
   */
  public static final Map<String, String> DEFAULTS = Map.of("OMP_WAIT_POLICY", "PASSIVE");

  /**
   * Every variable that changes how OpenMP workers wait (Intel's {@code KMP_BLOCKTIME} for libiomp
   * builds).
   */
  public static final List<String> WAIT_VARIABLES =
      List.of("OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "KMP_BLOCKTIME");

  private NativeThreadEnv() {}

  /**
   * Adds {@link #DEFAULTS} to {@code env} (a child process's environment) unless the user has set a
   * wait variable to a non-empty value (as {@code bin/mtc} does), and {@code OPT_OUT_TRACKING=true}
   * for DJL.
   */
  public static void applyDefaults(Map<String, String> env) {
    boolean userChose =
        WAIT_VARIABLES.stream().anyMatch(k -> env.get(k) != null && !env.get(k).isBlank());
    if (!userChose) {
      env.putAll(DEFAULTS);
    }
    env.put("OPT_OUT_TRACKING", "true");
  }

  /**
   * Applies explicit {@code overrides} to {@code env}: a variable with an empty value is removed
   * (the library's own default), any other is set.
   */
  public static void apply(Map<String, String> env, Map<String, String> overrides) {
    overrides.forEach(
        (k, v) -> {
          if (v == null || v.isEmpty()) {
            env.remove(k);
          } else {
            env.put(k, v);
          }
        });
  }

  /** The wait variables present in {@code env}, for reports ({@code "(none)"} when none is set). */
  public static String describe(Map<String, String> env) {
    Map<String, String> present = new LinkedHashMap<>();
    for (String k : WAIT_VARIABLES) {
      if (env.containsKey(k)) {
        present.put(k, env.get(k));
      }
    }
    if (present.isEmpty()) {
      return "(none)";
    }
    StringBuilder b = new StringBuilder();
    present.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return b.toString();
  }
}
