package org.mtc.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mtc.core.Input;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Prediction;
import org.mtc.tasks.predict.TaskPrediction;

/**
 * The library's public API names no Guice type: the graph that opens models stays behind {@link
 * Mtc#open}.
 */
class LibraryApiTest {
  private static final List<Class<?>> API =
      List.of(
          Mtc.class,
          MtcOptions.class,
          Classifier.class,
          Prediction.class,
          TaskPrediction.class,
          Input.class);

  @Test
  void noPublicSignatureOrAnnotationOfTheApiIsAGuiceOrInjectType() {
    List<String> signatures = new ArrayList<>();
    for (Class<?> type : API) {
      signatures.add(type.toGenericString() + annotations(type));
      Stream.of(type.getMethods(), type.getConstructors(), type.getFields())
          .flatMap(Arrays::stream)
          .filter(m -> Modifier.isPublic(((Member) m).getModifiers()))
          .forEach(m -> signatures.add(describe(m)));
    }
    assertThat(signatures)
        .hasSizeGreaterThan(API.size())
        .noneMatch(s -> s.contains("com.google.inject") || s.contains("jakarta.inject"));
  }

  private static String describe(AnnotatedElement member) {
    String text =
        member instanceof Executable e
            ? e.toGenericString() + annotations(e) + Arrays.toString(e.getParameterAnnotations())
            : member.toString();
    return text + annotations(member);
  }

  private static String annotations(AnnotatedElement element) {
    return Arrays.toString(element.getAnnotations());
  }
}
