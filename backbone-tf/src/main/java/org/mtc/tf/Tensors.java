package org.mtc.tf;

import org.mtc.core.io.FloatTensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Conversions between Java arrays and TensorFlow tensors; the caller closes every tensor returned.
 */
final class Tensors {
  private Tensors() {}

  static TFloat32 of(FloatTensor t) {
    return TFloat32.tensorOf(Shape.of(t.shape()), DataBuffers.of(t.data(), true, false));
  }

  static TFloat32 of(float[] data, long... shape) {
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
  }

  static TInt64 of(long[] data, long... shape) {
    return TInt64.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
  }

  static FloatTensor toFloatTensor(TFloat32 t) {
    long[] shape = t.shape().asArray();
    float[] data = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(data, false, false));
    return new FloatTensor(shape, data);
  }
}
