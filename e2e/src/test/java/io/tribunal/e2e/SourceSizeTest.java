package io.tribunal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house rule for hand-written Java (docs/architecture.md): no file in any module's {@code
 * src/main} is over 300 lines, and one over 250 says why in its first comment ("Longer than 250
 * lines on purpose: ..."). Generated code lives under {@code target/} and is not scanned.
 */
class SourceSizeTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @Test
  void noMainSourceFileIsOverThreeHundredLines() {
    assertThat(mainSources())
        .filteredOn(f -> lines(f).size() > 300)
        .as("src/main files over 300 lines")
        .isEmpty();
  }

  @Test
  void everyMainSourceFileOverTwoHundredFiftyLinesSaysWhy() {
    assertThat(mainSources())
        .filteredOn(f -> lines(f).size() > 250 && !firstCommentSaysWhy(f))
        .as("src/main files over 250 lines whose first comment does not say why")
        .isEmpty();
  }

  @Test
  void theScanSeesEveryModule() {
    List<Path> files = mainSources();
    assertThat(files).anyMatch(f -> f.startsWith(REPO.resolve("core")));
    assertThat(files).anyMatch(f -> f.startsWith(REPO.resolve("node")));
    assertThat(files).anyMatch(f -> f.startsWith(REPO.resolve("cli")));
    assertThat(files.size()).isGreaterThan(300);
  }

  private static List<Path> mainSources() {
    try (Stream<Path> all = Files.walk(REPO)) {
      return all.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> p.toString().contains("/src/main/java/"))
          .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("node_modules"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean firstCommentSaysWhy(Path f) {
    String text = String.join("\n", lines(f));
    int start = text.indexOf("/*");
    int end = start < 0 ? -1 : text.indexOf("*/", start);
    return end > 0 && text.substring(start, end).contains("Longer than 250 lines on purpose");
  }

  private static List<String> lines(Path f) {
    try {
      return Files.readAllLines(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
