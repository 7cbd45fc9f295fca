package io.tribunal.core.data;

import io.tribunal.core.tensor.Tensor;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * A character-level text as token ids: the vocabulary is the text's distinct Unicode code points in
 * ascending order, and token i of the text is the position of its code point in that list. Training
 * samples are windows of {@code context + 1} consecutive tokens (inputs are the first {@code
 * context}, targets the last {@code context}), taken with stride {@code context} so consecutive
 * windows share one token.
 */
public final class TextCorpus {
  private final String id;
  private final int[] vocabulary;
  private final int[] tokens;

  private TextCorpus(String id, int[] vocabulary, int[] tokens) {
    this.id = id;
    this.vocabulary = vocabulary;
    this.tokens = tokens;
  }

  /** The corpus of {@code text}; its vocabulary is the text's own code points. */
  public static TextCorpus of(String id, String text) {
    int[] points = text.codePoints().toArray();
    TreeSet<Integer> distinct = new TreeSet<>();
    for (int p : points) {
      distinct.add(p);
    }
    int[] vocabulary = distinct.stream().mapToInt(Integer::intValue).toArray();
    int[] tokens = new int[points.length];
    for (int i = 0; i < points.length; i++) {
      tokens[i] = Arrays.binarySearch(vocabulary, points[i]);
    }
    return new TextCorpus(id, vocabulary, tokens);
  }

  public String id() {
    return id;
  }

  public int vocabularySize() {
    return vocabulary.length;
  }

  public int length() {
    return tokens.length;
  }

  /** Token {@code i} of the text. */
  public int token(int i) {
    return tokens[i];
  }

  /** The code point of token id {@code t}. */
  public int codePoint(int t) {
    return vocabulary[t];
  }

  /** Token ids of {@code text}; IllegalArgumentException names the first character not known. */
  public int[] encode(String text) {
    return text.codePoints()
        .map(
            p -> {
              int t = Arrays.binarySearch(vocabulary, p);
              if (t < 0) {
                throw new IllegalArgumentException(
                    "character '" + Character.toString(p) + "' is not in the vocabulary of " + id);
              }
              return t;
            })
        .toArray();
  }

  /** The text of token ids; IllegalArgumentException for an id outside the vocabulary. */
  public String decode(int[] ids) {
    StringBuilder sb = new StringBuilder(ids.length);
    for (int t : ids) {
      if (t < 0 || t >= vocabulary.length) {
        throw new IllegalArgumentException(
            "token " + t + " outside a vocabulary of " + vocabulary.length);
      }
      sb.appendCodePoint(vocabulary[t]);
    }
    return sb.toString();
  }

  /** How often each token occurs in tokens [from, to). */
  public long[] counts(int from, int to) {
    long[] counts = new long[vocabulary.length];
    for (int i = from; i < to; i++) {
      counts[tokens[i]]++;
    }
    return counts;
  }

  /**
   * The windows of tokens [from, to) as a dataset: sample k holds tokens from + k·context .. from +
   * k·context + context (context + 1 plain token ids, not Q16.16), its label is the window's last
   * token, and the class count is the vocabulary size. A tail shorter than a window is left out.
   */
  public Dataset windows(String datasetId, int from, int to, int context) {
    if (context < 1 || from < 0 || to > tokens.length || from > to) {
      throw new IllegalArgumentException(
          "windows of context " + context + " over [" + from + ", " + to + ") of " + tokens.length);
    }
    int count = (to - from - 1) / context;
    if (count < 1) {
      throw new IllegalArgumentException(
          "[" + from + ", " + to + ") holds no window of " + (context + 1) + " tokens");
    }
    int[][] rows = new int[count][];
    int[] labels = new int[count];
    for (int k = 0; k < count; k++) {
      int start = from + k * context;
      rows[k] = Arrays.copyOfRange(tokens, start, start + context + 1);
      labels[k] = rows[k][context];
    }
    return new Dataset(datasetId, Tensor.wrap(context + 1, rows), labels, vocabulary.length);
  }
}
