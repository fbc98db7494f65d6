package org.mtc.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mtc.core.MtcException;

class ImportersTest {
  record Fake(String name, List<String> aliases, Optional<String> source) implements Importer {
    @Override
    public String description() {
      return "fake " + name;
    }

    @Override
    public Path importTo(ImportRequest request) {
      return source.isPresent() ? request.requireFrom(this) : request.out();
    }
  }

  private final Importers importers =
      Importers.of(
          List.of(
              new Fake("minilm", List.of("all-minilm-l6-v2"), Optional.empty()),
              new Fake("distilbert", List.of(), Optional.of("a BERT directory"))));

  @Test
  void findsByNameOrAliasAndListsSorted() {
    assertThat(importers.find("all-minilm-l6-v2").name()).isEqualTo("minilm");
    assertThat(importers.names()).containsExactly("distilbert", "minilm");
  }

  @Test
  void anUnknownNameSuggestsAndListsTheImporters() {
    assertThatThrownBy(() -> importers.find("minilmm"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("did you mean 'minilm'")
        .hasMessageContaining("mtc imports: distilbert, minilm");
  }

  @Test
  void aMissingSourceNamesTheImporterAndWhatItNeeds() {
    assertThatThrownBy(
            () -> importers.find("distilbert").importTo(ImportRequest.into(Path.of("x"))))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("distilbert")
        .hasMessageContaining("a BERT directory");
  }

  @Test
  void twoImportersWithOneNameAreRefused() {
    var a = new Fake("minilm", List.of(), Optional.empty());
    assertThatThrownBy(() -> Importers.of(List.of(a, a)))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("two importers are named 'minilm'");
  }
}
