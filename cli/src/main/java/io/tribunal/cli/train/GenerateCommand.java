package io.tribunal.cli.train;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.store.CorruptCheckpointException;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.protocol.graph.TokenSampler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tribunal generate}: deterministic text from a model trained by {@code tribunal train}. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Continue a prompt with a character model trained by",
      "'tribunal train --model gpt:...'. Everything is integer arithmetic: the",
      "model's forward pass in Q16.16 fixed point on the last <context>",
      "characters, a fixed-point softmax at the temperature, and one keccak word",
      "per character from (seed, position). The same model, prompt, seed and",
      "temperature print the same text on every machine and thread count.",
      "",
      "A prompt shorter than the context fills the first positions (causal",
      "attention never looks past them); a longer one is cut to its last",
      "<context> characters. Every prompt character must be in the model's",
      "vocabulary (the training text's characters). The generated characters",
      "(not the prompt) go to stdout as they are drawn.",
      "",
      "Example:",
      "  tribunal train --model gpt:2-64-4-64 --dataset moby-dick:64 \\",
      "      --steps 2000 --out runs/gpt",
      "  tribunal generate --model runs/gpt --prompt \"Call me Ishmael. \" \\",
      "      --tokens 200",
      ""
    })
public final class GenerateCommand implements Callable<Integer> {
  /** Most characters one command generates. */
  static final int MAX_TOKENS = 100_000;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "Output directory of 'tribunal train --model gpt:...' (its final checkpoint).")
  Path dir;

  @Option(names = "--prompt", required = true, description = "Text to continue.")
  String prompt;

  @Option(names = "--tokens", defaultValue = "200", description = "Characters to generate (>= 1).")
  int tokens;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Sampling seed (>= 0): another seed, another text.")
  long seed;

  @Option(
      names = "--temperature",
      defaultValue = "1.0",
      description =
          "Softmax temperature, an exact decimal in [0, 100] rounded to Q16.16; lower is more"
              + " predictable, 0 always takes the most likely character.")
  String temperature;

  @Option(
      names = "--threads",
      defaultValue = "${sys:tribunal.threads:-2}",
      description = "Worker threads (the text is identical at any count).")
  int threads;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    long temp;
    try {
      if (tokens < 1 || tokens > MAX_TOKENS) {
        throw new IllegalArgumentException(
            "--tokens must be in [1, " + MAX_TOKENS + "], got " + tokens);
      }
      if (seed < 0) {
        throw new IllegalArgumentException("--seed must be >= 0, got " + seed);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
      }
      temp = OptimizerSpec.fixed("--temperature", temperature, Fixed.FRAC_BITS);
      if (temp > TokenSampler.MAX_TEMPERATURE) {
        throw new IllegalArgumentException("--temperature must be in [0, 100], got " + temperature);
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
    try (Parallel parallel = Parallel.of(threads)) {
      TextGenerator generator;
      int[] ids;
      try {
        generator = new TextGenerator(TrainedGraph.load(dir, parallel));
        ids = generator.encode(prompt);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cl, e.getMessage());
      }
      String text = generate(cl.getOut(), generator, ids, temp, parallel);
      if (json) {
        cl.getOut()
            .println(
                JsonOutput.write(
                    new Report(dir.toString(), prompt, seed, temperature, temp, tokens, text)));
      }
      cl.getOut().flush();
    } catch (CorruptCheckpointException e) {
      cl.getErr().println("generate: " + e.getMessage());
      cl.getErr().flush();
      return 1;
    }
    return 0;
  }

  /** Generates the characters; without --json each is printed as soon as it is drawn. */
  private String generate(
      PrintWriter out, TextGenerator g, int[] prompt, long temp, Parallel parallel) {
    int[] text = Arrays.copyOf(prompt, prompt.length + tokens);
    StringBuilder generated = new StringBuilder();
    for (int i = 0; i < tokens; i++) {
      int length = prompt.length + i;
      text[length] = g.next(text, length, temp, seed, i, parallel);
      String ch = Character.toString(g.codePoint(text[length]));
      generated.append(ch);
      if (!json) {
        out.print(ch);
        out.flush();
      }
    }
    if (!json) {
      out.println();
    }
    return generated.toString();
  }

  /** JSON shape of the result. */
  record Report(
      String model,
      String prompt,
      long seed,
      String temperature,
      long temperatureQ16,
      int tokens,
      String text) {}
}
