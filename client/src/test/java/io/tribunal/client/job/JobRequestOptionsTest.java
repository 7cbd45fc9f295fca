package io.tribunal.client.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code job quote} and {@code job submit} describe a job with one set of options (a shared mixin),
 * and refuse bad input with one line before anything is read, signed or sent: the deployment these
 * commands are given does not exist, so reaching the chain would fail differently.
 */
class JobRequestOptionsTest {
  @TempDir Path dir;

  private static final List<String> REQUEST_OPTIONS =
      List.of(
          "--model",
          "--dataset",
          "--steps",
          "--batch",
          "--lr",
          "--seed",
          "--price",
          "--collateral",
          "--claim-window",
          "--commit-window",
          "--dataset-cache");

  private static Set<String> optionNames(Object command) {
    return new CommandLine(command)
        .getCommandSpec().options().stream()
            .flatMap(o -> java.util.Arrays.stream(o.names()))
            .collect(Collectors.toSet());
  }

  @Test
  void quoteAndSubmitShareEveryRequestOption() {
    assertThat(optionNames(new QuoteCommand())).containsAll(REQUEST_OPTIONS);
    assertThat(optionNames(new SubmitCommand())).containsAll(REQUEST_OPTIONS);
    assertThat(new CommandLine(new QuoteCommand()).getCommandSpec().mixins())
        .containsKey("request");
    assertThat(new CommandLine(new SubmitCommand()).getCommandSpec().mixins()).containsKey("job");
  }

  private String refusal(Object command, String... args) {
    CommandLine cli = new CommandLine(command);
    cli.parseArgs(concat(args, "--deployment", dir.resolve("no-such-deployment.json").toString()));
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(() -> ((Callable<?>) command).call());
    assertThat(t).isInstanceOf(IllegalArgumentException.class);
    assertThat(t.getMessage()).doesNotContain("\n");
    return t.getMessage();
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void badShapesAreRefusedByQuoteAndSubmitAlike() {
    String ks = dir.resolve("k.json").toString();
    assertThat(refusal(new QuoteCommand(), "--steps", "0"))
        .isEqualTo("--steps must be >= 1, got 0");
    assertThat(refusal(new QuoteCommand(), "--steps", "8", "--batch", "0"))
        .isEqualTo("--batch must be >= 1, got 0");
    assertThat(refusal(new SubmitCommand(), "--keystore", ks, "--steps", "0", "--price", "5"))
        .isEqualTo("--steps must be >= 1, got 0");
    assertThat(
            refusal(
                new SubmitCommand(), "--keystore", ks, "--steps", "8", "--dry-run", "--batch", "0"))
        .isEqualTo("--batch must be >= 1, got 0");
  }

  @Test
  void submitNeedsAPriceUnlessItOnlyQuotesAndRefusesModesThatContradict() {
    String ks = dir.resolve("k.json").toString();
    assertThat(refusal(new SubmitCommand(), "--keystore", ks, "--steps", "8"))
        .contains("--price is required")
        .contains("job quote");
    assertThat(
            refusal(
                new SubmitCommand(),
                "--keystore",
                ks,
                "--steps",
                "8",
                "--dry-run",
                "--relay",
                "http://x"))
        .contains("--dry-run sends nothing");
    assertThat(
            refusal(
                new SubmitCommand(),
                "--keystore",
                ks,
                "--steps",
                "8",
                "--price",
                "1",
                "--sign-only"))
        .isEqualTo("--sign-only and --out FILE go together");
    assertThat(
            refusal(
                new SubmitCommand(),
                "--keystore",
                ks,
                "--steps",
                "8",
                "--price",
                "1",
                "--sign-only",
                "--out",
                "f",
                "--relay",
                "http://x"))
        .contains("--sign-only sends nothing");
    assertThat(
            refusal(
                new SubmitCommand(), "--keystore", ks, "--steps", "8", "--price", "1", "--json"))
        .contains("--json is for --dry-run");
    // a quote reads only the keystore's address; a missing file is named
    assertThat(refusal(new QuoteCommand(), "--steps", "8", "--keystore", ks))
        .isEqualTo("no keystore file at " + ks);
  }

  @Test
  void theSuggestedPriceIsTheLargerOfTheWorkRateAndThePublishedPricePerStep() {
    // 78,053,376 MACs at 1000 units per million = 78,053.376 -> 78,054 (rounded up)
    BigInteger macs = BigInteger.valueOf(78_053_376L);
    assertThat(JobQuote.suggestedPrice(macs, 64, List.of())).isEqualTo(BigInteger.valueOf(78_054));
    assertThat(JobQuote.suggestedPrice(macs, 64, List.of(BigInteger.ZERO, BigInteger.TEN)))
        .isEqualTo(BigInteger.valueOf(78_054));
    assertThat(JobQuote.suggestedPrice(macs, 64, List.of(BigInteger.valueOf(2_000))))
        .isEqualTo(BigInteger.valueOf(128_000));
    assertThat(JobQuote.suggestedPrice(BigInteger.ONE, 1, List.of())).isEqualTo(BigInteger.ONE);
  }

  @Test
  void signedRequestsAreRecordedOwnerOnlyAndFoundByJobId() throws Exception {
    SignedRequests records = new SignedRequests(dir.resolve("requests"));
    String id = "0x" + "Ab".repeat(32);
    records.record(
        new SignedRequests.Entry(id, "0x" + "11".repeat(20), "123", "1700000000", 31337, "0xm"));
    Path f = records.file(id);
    assertThat(f.getFileName().toString()).isEqualTo("0x" + "ab".repeat(32) + ".json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
    assertThat(new ObjectMapper().readTree(f.toFile()).path("nonce").asText()).isEqualTo("123");
    assertThat(records.find(id.toLowerCase()))
        .get()
        .extracting(SignedRequests.Entry::nonce)
        .isEqualTo("123");
    assertThat(records.find("0x" + "cd".repeat(32))).isEmpty();
  }

  @Test
  void cancelWithoutARecordOrNonceSaysWhatToPass() {
    String id = "0x" + "cd".repeat(32);
    assertThatThrownBy(
            () -> {
              CancelCommand c = new CancelCommand();
              new CommandLine(c)
                  .parseArgs(
                      id,
                      "--keystore",
                      dir.resolve("k.json").toString(),
                      "--requests-dir",
                      dir.toString());
              c.call();
            })
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no signed request recorded for job " + id)
        .hasMessageEndingWith("pass --nonce N");
  }
}
