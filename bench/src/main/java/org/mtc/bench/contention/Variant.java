package org.mtc.bench.contention;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mtc.bench.experiment.NativeThreadEnv;
import org.mtc.core.MtcException;

/**
 * One configuration measured by {@code mtc bench contention}: an engine, the environment its JVM
 * starts with and the settings it runs under.
 *
 * @param name shown in the report
 * @param engine djl, onnx or tf
 * @param env environment variables of the measuring JVM; an empty value removes the variable
 * @param settings {@code mtc.*} settings (HOCON values as text) over the defaults
 */
public record Variant(
    String name, String engine, Map<String, String> env, Map<String, String> settings) {
  public Variant {
    env = Map.copyOf(env);
    settings = Map.copyOf(settings);
  }

  /**
   * The two built-in configurations of an engine: for djl and onnx its previous defaults (spinning
   * native thread pools) and mtc's defaults now (threads that sleep when idle); for tf its defaults
   * and idle threads that sleep at once.
   */
  public static List<Variant> builtIn(String engine) {
    Map<String, String> engineDefaults = new LinkedHashMap<>();
    NativeThreadEnv.WAIT_VARIABLES.forEach(v -> engineDefaults.put(v, ""));
    return switch (engine) {
      case "djl" ->
          List.of(
              new Variant("djl, old defaults (libgomp spins)", engine, engineDefaults, Map.of()),
              new Variant(
                  "djl, new defaults (" + NativeThreadEnv.describe(NativeThreadEnv.DEFAULTS) + ")",
                  engine,
                  NativeThreadEnv.DEFAULTS,
                  Map.of()));
      case "onnx" ->
          List.of(
              new Variant(
                  "onnx, old defaults (spin = true)",
                  engine,
                  NativeThreadEnv.DEFAULTS,
                  Map.of("mtc.backbone.onnx.spin", "true")),
              new Variant(
                  "onnx, new defaults (spin = false)", engine, NativeThreadEnv.DEFAULTS, Map.of()));
      // tf keeps TensorFlow's brief spinning by default (no measurable harm); its switch is
      // measured as well
      case "tf" ->
          List.of(
              new Variant("tf, defaults (spin = true)", engine, NativeThreadEnv.DEFAULTS, Map.of()),
              new Variant(
                  "tf, spin = false",
                  engine,
                  NativeThreadEnv.DEFAULTS,
                  Map.of("mtc.backbone.tf.spin", "false")));
      default ->
          throw new MtcException(
              "unknown engine '" + engine + "' for bench contention; use djl, onnx or tf");
    };
  }

  /**
   * Parses {@code NAME:ENGINE[:ASSIGNMENT,...]}; an assignment whose key starts with an upper-case
   * letter is an environment variable ({@code GOMP_SPINCOUNT=1000}; {@code OMP_WAIT_POLICY=}
   * removes it), any other is a setting ({@code mtc.backbone.djl.threads=1}). Variables the
   * assignments do not name get mtc's defaults.
   */
  public static Variant parse(String text) {
    String[] parts = text.split(":", 3);
    if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new MtcException(
          "--variant '"
              + text
              + "' is not NAME:ENGINE[:KEY=VALUE,...], e.g. "
              + "'one-thread:djl:mtc.backbone.djl.threads=1' or 'spin-1k:djl:GOMP_SPINCOUNT=1000,OMP_WAIT_POLICY='");
    }
    String engine = parts[1].strip().toLowerCase(Locale.ROOT);
    builtIn(engine); // validates the engine name
    Map<String, String> env = new LinkedHashMap<>(NativeThreadEnv.DEFAULTS);
    Map<String, String> settings = new LinkedHashMap<>();
    List<String> assignments =
        parts.length == 3 && !parts[2].isBlank() ? List.of(parts[2].split(",")) : List.of();
    for (String a : new ArrayList<>(assignments)) {
      int eq = a.indexOf('=');
      if (eq < 1) {
        throw new MtcException("--variant '" + text + "': '" + a + "' is not KEY=VALUE");
      }
      String key = a.substring(0, eq).strip();
      String value = a.substring(eq + 1).strip();
      if (Character.isUpperCase(key.charAt(0))) {
        env.put(key, value);
      } else if (key.startsWith("mtc.")) {
        settings.put(key, value);
      } else {
        throw new MtcException(
            "--variant '"
                + text
                + "': '"
                + key
                + "' is neither an environment variable "
                + "(upper case) nor a setting (mtc.*)");
      }
    }
    return new Variant(parts[0].strip(), engine, env, settings);
  }
}
