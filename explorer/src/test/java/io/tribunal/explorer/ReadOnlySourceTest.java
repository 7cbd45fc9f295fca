package io.tribunal.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The explorer only reads: no source file of it loads a key, signs, or sends a transaction (the
 * HTTP side answers GET and HEAD only, checked by the ITs).
 */
class ReadOnlySourceTest {
  private static final List<String> FORBIDDEN =
      List.of(
          "Credentials",
          "ECKeyPair",
          "Sign.sign",
          "ethSendRawTransaction",
          "ethSendTransaction",
          "RawTransactionManager",
          "transactionManager(",
          "KeySource",
          ".submit(",
          ".open(");

  @Test
  void noSourceFileSignsOrSends() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String text = Files.readString(f);
        for (String word : FORBIDDEN) {
          assertThat(text).as(f + " must not use " + word).doesNotContain(word);
        }
      }
    }
  }
}
