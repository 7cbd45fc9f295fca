package io.tribunal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed computation path (all of core's main sources; the float32 twin lives in the bench
 * module) contains no float or double arithmetic.
 */
class NoFloatInCommittedPathTest {
  private static final Pattern FLOATING =
      Pattern.compile("\\b(float|double|Float|Double|Math\\.exp|Math\\.sqrt)\\b");

  @Test
  void mainSourcesUseNoFloatingPoint() throws IOException {
    Path root = Path.of("src", "main", "java", "io", "tribunal", "core");
    try (Stream<Path> files = Files.walk(root)) {
      List<String> offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(NoFloatInCommittedPathTest::mentionsFloatingPoint)
              .map(Path::toString)
              .toList();
      assertThat(offenders).isEmpty();
    }
  }

  private static boolean mentionsFloatingPoint(Path p) {
    try {
      return Files.readAllLines(p).stream()
          .filter(l -> !l.strip().startsWith("*") && !l.strip().startsWith("//"))
          .anyMatch(l -> FLOATING.matcher(l).find());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
