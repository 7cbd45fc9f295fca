package io.tribunal.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.core.fixed.Fixed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetTest {
  @TempDir Path dir;

  @Test
  void parsesDecimalsExactlyToFixedPointAndFindsTheLabelColumn() throws IOException {
    Path csv = dir.resolve("d.csv");
    Files.writeString(csv, "a,label,b\n0.5,1,-1.25\n1e-5,0,3\n0.0000076,1,2\n");
    Dataset d = CsvDataset.loadAll(csv);
    assertThat(d.size()).isEqualTo(3);
    assertThat(d.classes()).isEqualTo(2);
    assertThat(d.features().row(0)).containsExactly(Fixed.ONE / 2, -5 * Fixed.ONE / 4);
    assertThat(d.features().row(1)).containsExactly(1, 3 * Fixed.ONE); // 0.65536 rounds to 1
    assertThat(d.features().row(2)[0]).isEqualTo(0); // 0.498 rounds down
    assertThat(d.label(0)).isEqualTo(1);
  }

  @Test
  void splitsEachClassFourFifthsToTraining() throws IOException {
    StringBuilder sb = new StringBuilder("x,label\n");
    for (int i = 0; i < 20; i++) {
      sb.append(i).append(',').append(i % 2).append('\n');
    }
    Path csv = dir.resolve("s.csv");
    Files.writeString(csv, sb);
    DatasetSplit split = CsvDataset.load(csv);
    assertThat(split.train().size()).isEqualTo(16);
    assertThat(split.heldOut().size()).isEqualTo(4);
  }

  @Test
  void missingFileAndBadLabelsAreReportedWithTheFile() throws IOException {
    assertThatThrownBy(() -> CsvDataset.loadAll(dir.resolve("none.csv")))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("none.csv");
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "x,label\n1,cat\n");
    assertThatThrownBy(() -> CsvDataset.loadAll(csv)).hasMessageContaining("line 2");
  }

  @Test
  void mnistIsSplitByClassEightHundredEach() {
    DatasetSplit s = io.tribunal.core.TestDatasets.mnist();
    int[] perClass = new int[10];
    for (int i = 0; i < s.train().size(); i++) {
      perClass[s.train().label(i)]++;
    }
    assertThat(perClass).containsOnly(800);
    assertThat(s.heldOut().size()).isEqualTo(2000);
    assertThat(java.util.Arrays.stream(s.train().features().row(0)))
        .allMatch(v -> v >= 0 && v <= 65535 && v % 257 == 0);
  }
}
