package org.mtc.tf.importer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.io.FloatTensor;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Reads variables of a TensorFlow SavedModel by name with TensorFlow Java ({@code RestoreV2} on the
 * model's {@code variables/variables} checkpoint), without running the model's own graph. Stateless
 * and thread-safe.
 */
public final class BertCheckpoint {
  private BertCheckpoint() {}

  /** The checkpoint prefix of a SavedModel directory, after checking the directory is one. */
  public static Path variablesPrefix(Path savedModel) {
    if (!Files.isRegularFile(savedModel.resolve("saved_model.pb"))
        || !Files.isRegularFile(savedModel.resolve("variables/variables.index"))) {
      throw new MtcException(
          savedModel
              + " is not a TensorFlow SavedModel (needs saved_model.pb and "
              + "variables/variables.index)");
    }
    return savedModel.resolve("variables/variables");
  }

  /**
   * The float variables {@code names} of the SavedModel at {@code savedModel}, in the order asked.
   *
   * @throws MtcException naming the first variable the checkpoint does not have
   */
  public static Map<String, FloatTensor> read(Path savedModel, List<String> names) {
    Path prefix = variablesPrefix(savedModel);
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      List<Class<? extends TType>> types = new ArrayList<>();
      names.forEach(n -> types.add(TFloat32.class));
      Restore restore =
          tf.train.restore(
              tf.constant(prefix.toString()),
              tf.constant(StandardCharsets.UTF_8, names.toArray(String[]::new)),
              tf.constant(
                  StandardCharsets.UTF_8, names.stream().map(n -> "").toArray(String[]::new)),
              types);
      Session.Runner runner = s.runner();
      restore.tensors().forEach(runner::fetch);
      try (Result r = runner.run()) {
        for (int i = 0; i < names.size(); i++) {
          TFloat32 t = (TFloat32) r.get(i);
          float[] data = new float[(int) t.shape().size()];
          t.copyTo(DataBuffers.of(data, false, false));
          out.put(names.get(i), new FloatTensor(t.shape().asArray(), data));
        }
      }
    } catch (TensorFlowException e) {
      String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new MtcException(
          "could not read the variables of the SavedModel "
              + savedModel
              + ": "
              + message
              + " (expected Google BERT variables such as '"
              + names.get(0)
              + "'; is this a BERT SavedModel?)",
          e);
    }
    return out;
  }
}
