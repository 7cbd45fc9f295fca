package io.tribunal.client.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputRowsTest {
  @Test
  void jsonIntegersAreQ16AsTheyAre() {
    assertThat(InputRows.parse("[0, 32768, -65536]", false))
        .containsExactly(new int[] {0, 32768, -65536});
    assertThat(InputRows.parse("{\"input\": [1, 2]}", false)).containsExactly(new int[] {1, 2});
  }

  @Test
  void jsonDecimalsAreScaledAndRoundedHalfAwayFromZero() {
    // one decimal anywhere makes the row decimal: 1 is 1.0 here
    assertThat(InputRows.parse("[0.5, 1, -0.25, 1e-1]", false))
        .containsExactly(new int[] {32768, 65536, -16384, 6554}); // 0.1 * 65536 = 6553.6
    // exact halves go away from zero
    assertThat(InputRows.parse("[0.00000762939453125, -0.00000762939453125]", false))
        .containsExactly(new int[] {1, -1}); // ±0.5 / 65536
    assertThat(InputRows.parse("[[0.5, 0.25], [1.0, 0.0]]", false))
        .containsExactly(new int[] {32768, 16384}, new int[] {65536, 0});
  }

  @Test
  void csvRowsSkipAHeaderAndDropTheLabelColumn() {
    List<int[]> rows = InputRows.parse("label,p0,p1\n7,0.5,0.25\n\n3,1,0\n", true);
    assertThat(rows).containsExactly(new int[] {32768, 16384}, new int[] {65536, 0});
    assertThat(InputRows.parse("0.5,0.5\n0,1", false))
        .containsExactly(new int[] {32768, 32768}, new int[] {0, 65536});
  }

  @Test
  void badInputIsOneClearMessage(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> InputRows.parse("   ", false)).hasMessageContaining("empty");
    assertThatThrownBy(() -> InputRows.parse("[1, \"x\"]", false))
        .hasMessageContaining("'\"x\"' is not a number");
    assertThatThrownBy(() -> InputRows.parse("[1, 2", false))
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> InputRows.parse("0.5,abc\n", true))
        .hasMessageContaining("line 1 column 2: 'abc' is not a number");
    assertThatThrownBy(() -> InputRows.parse("[40000.0]", false))
        .hasMessageContaining("outside Q16.16");
    assertThatThrownBy(() -> InputRows.parse("[4000000000]", false))
        .hasMessageContaining("not a 32-bit Q16.16 integer");
    Path f = Files.writeString(dir.resolve("x.csv"), "0.1,0.2,0.3\n");
    assertThatThrownBy(() -> InputRows.read(f.toString(), 784))
        .hasMessageContaining("row 1 has 3 values; the model takes 784");
    assertThatThrownBy(() -> InputRows.read(dir.resolve("missing.json").toString(), 2))
        .hasMessageContaining("no such file");
  }

  @Test
  void probabilitiesAreASoftmaxForReading() {
    double[] p = Probabilities.of(new int[] {0, 0, 65536 * 10});
    assertThat(p[2]).isGreaterThan(0.99);
    assertThat(p[0]).isEqualTo(p[1]);
    assertThat(Probabilities.describe(p, 2)).startsWith("2 (0.9999)  0 (");
  }
}
