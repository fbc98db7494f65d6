package org.mtc.library;

import java.nio.file.Path;
import java.util.List;
import org.mtc.core.Input;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Prediction;

/**
 * The example of docs/library.md, compiled and run by {@link DocsExampleTest} so that it cannot
 * rot.
 */
final class LibraryExample {
  private LibraryExample() {}

  static String run(Path modelDir) {
    // spotless:off (the example keeps the layout docs/library.md shows)
    // example start
    try (Classifier mtc = Mtc.open(modelDir, MtcOptions.defaults().engine("onnx"))) {
      Prediction p = mtc.predict("i hate mondays");
      String mood = p.task("mood").label();                      // single-label: one label
      List<String> tags = p.task("tags").labels();               // multi-label: any number
      float sure = p.task("mood").probability(mood);
      List<Prediction> many = mtc.predict(List.of(Input.of("a good day"),
          Input.withContext("how was your weekend?", "a bad day")));  // a dialog context, for tasks that read one
      return mood + " " + tags + " " + sure + " " + many.size();
    }
    // example end
    // spotless:on
  }
}
