package io.tribunal.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Wrappers are build output: present after the build, never in git. */
class GeneratedWrappersTest {

  @Test
  void wrappersArePresentAfterTheBuild() throws Exception {
    Class<?> wrapper = Class.forName("io.tribunal.bindings.generated.TestUSD");
    assertThat(
            wrapper.getMethod(
                "permit",
                String.class,
                String.class,
                BigInteger.class,
                BigInteger.class,
                BigInteger.class,
                byte[].class,
                byte[].class))
        .isNotNull();
    assertThat(
            Path.of("target/generated-sources/web3j/io/tribunal/bindings/generated/TestUSD.java"))
        .isRegularFile();
  }

  @Test
  void wrappersAreAbsentFromGit() throws Exception {
    Process p;
    try {
      p = new ProcessBuilder("git", "ls-files", "--", "..").redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeThat(false).as("git is not installed").isTrue();
      return;
    }
    String files = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assumeThat(p.exitValue()).as("not a git checkout").isZero();
    assertThat(files).doesNotContain("bindings/generated").doesNotContain("generated-sources");
    assertThat(Files.exists(Path.of("../.gitignore"))).isTrue();
    assertThat(Files.readString(Path.of("../.gitignore"))).contains("target/");
  }
}
