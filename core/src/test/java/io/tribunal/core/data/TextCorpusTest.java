package io.tribunal.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.core.TestDatasets;
import io.tribunal.core.tensor.Parallel;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TextCorpusTest {
  @Test
  void tokensFollowTheSortedCodePointVocabularyAndRoundTrip() {
    TextCorpus c = TextCorpus.of("t", "abcab—a");
    assertThat(c.vocabularySize()).isEqualTo(4);
    assertThat(c.codePoint(0)).isEqualTo('a');
    assertThat(c.codePoint(3)).isEqualTo('—');
    assertThat(c.encode("cab—")).containsExactly(2, 0, 1, 3);
    assertThat(c.decode(c.encode("abcab—a"))).isEqualTo("abcab—a");
    assertThat(c.counts(0, c.length())).containsExactly(3, 2, 1, 1);
    assertThatThrownBy(() -> c.encode("ax")).hasMessageContaining("'x' is not in the vocabulary");
    assertThatThrownBy(() -> c.decode(new int[] {4})).hasMessageContaining("outside a vocabulary");
  }

  @Test
  void windowsShareOneTokenAndDropTheShortTail() {
    TextCorpus c = TextCorpus.of("t", "0123456789");
    Dataset w = c.windows("t:3", 0, 10, 3);
    assertThat(w.size()).isEqualTo(3); // 0123, 3456, 6789
    assertThat(w.width()).isEqualTo(4);
    assertThat(c.decode(w.features().row(1))).isEqualTo("3456");
    assertThat(w.label(2)).isEqualTo(c.encode("9")[0]);
    assertThat(c.windows("t:4", 0, 10, 4).size()).isEqualTo(2); // 01234, 45678; "89" left out
    assertThatThrownBy(() -> c.windows("t", 0, 3, 3)).hasMessageContaining("holds no window");
    assertThatThrownBy(() -> c.windows("t", 0, 11, 3)).hasMessageContaining("over [0, 11)");
  }

  @Test
  void mobyDickFromNpmSplitsNineToOneAndCommitsDeterministically() {
    TextCorpus text = MobyDickNpm.corpus(TestDatasets.NPM);
    assertThat(text.length()).isEqualTo(1_190_317);
    assertThat(text.decode(Arrays.copyOf(tokens(text), 23))).isEqualTo("CHAPTER 1. Loomings.\n\nC");
    DatasetSplit split = DatasetLoader.load("moby-dick:64", TestDatasets.CACHE, TestDatasets.NPM);
    int cut = MobyDickNpm.trainEnd(text);
    assertThat(split.train().size()).isEqualTo((cut - 1) / 64);
    assertThat(split.heldOut().size()).isEqualTo((text.length() - cut - 1) / 64);
    assertThat(split.train().width()).isEqualTo(65);
    assertThat(split.train().classes()).isEqualTo(text.vocabularySize());
    // the held-out windows start exactly where training text ends
    assertThat(split.heldOut().features().row(0)[0]).isEqualTo(text.token(cut));
    try (Parallel p = Parallel.of(2)) {
      assertThat(DatasetCommitment.of(split.train(), p).root())
          .isEqualTo(DatasetCommitment.of(split.train(), Parallel.serial()).root());
    }
    assertThat(MobyDickNpm.context("moby-dick")).isEqualTo(64);
    assertThatThrownBy(() -> MobyDickNpm.context("moby-dick:x"))
        .hasMessageContaining("must be 1 to 9999 tokens");
    assertThatThrownBy(() -> MobyDickNpm.corpus(NpmPackages.at(Path.of("/nonexistent"))))
        .hasMessageContaining("run the repository's ./tribunal launcher");
  }

  private static int[] tokens(TextCorpus text) {
    int[] t = new int[40];
    for (int i = 0; i < t.length; i++) {
      t[i] = text.token(i);
    }
    return t;
  }
}
