package io.tribunal.explorer.web;

import io.tribunal.explorer.index.GameMove;
import io.tribunal.explorer.index.Narrowing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bisection drawn: one SVG per stage (the trace's leaves, the steps of the disputed interval,
 * the tensors of the disputed step, the elements of the disputed tensor), one bar per move, the
 * part still in dispute filled. Each bar also says its range in words, for screen readers.
 */
final class GameDrawing {
  private static final int WIDTH = 600;
  private static final int ROW = 22;
  private static final Map<String, String> TITLES =
      Map.of(
          "trace", "1. The trace: which leaves (checkpoints every K steps) are disputed",
          "interval", "2. The interval: which step inside it is disputed",
          "tensor", "3. The op graph of that step: which parameter or op output is disputed",
          "element", "4. The tensor: which element is disputed");

  private GameDrawing() {}

  static String draw(List<GameMove> moves) {
    Map<String, List<GameMove>> byStage = new LinkedHashMap<>();
    for (String stage : List.of("trace", "interval", "tensor", "element")) {
      byStage.put(stage, new ArrayList<>());
    }
    for (GameMove m : moves) {
      m.narrowing().ifPresent(n -> byStage.get(n.stage()).add(m));
    }
    StringBuilder b = new StringBuilder("<div class=\"drawing\">");
    byStage.forEach(
        (stage, list) -> {
          if (!list.isEmpty()) {
            stage(b, stage, list);
          }
        });
    b.append("</div>");
    return b.toString();
  }

  private static void stage(StringBuilder b, String stage, List<GameMove> moves) {
    String id = "stage-" + stage;
    int h = ROW * moves.size() + 4;
    b.append("<figure><figcaption id=\"")
        .append(id)
        .append("\">")
        .append(Html.esc(TITLES.get(stage)))
        .append("</figcaption>");
    b.append("<svg viewBox=\"0 0 ")
        .append(WIDTH + 170)
        .append(' ')
        .append(h)
        .append("\" role=\"img\" aria-labelledby=\"")
        .append(id)
        .append("\" class=\"bars\">");
    int y = 2;
    List<String> words = new ArrayList<>();
    for (GameMove m : moves) {
      Narrowing n = m.narrowing().orElseThrow();
      long size = Math.max(1, n.size());
      double x0 = 170 + WIDTH * (double) n.lo() / size;
      double w = Math.max(2, WIDTH * (double) (n.hi() - n.lo() + 1) / size);
      b.append("<text x=\"0\" y=\"")
          .append(y + 15)
          .append("\">")
          .append(Html.esc(m.name()))
          .append("</text><rect class=\"all\" x=\"170\" y=\"")
          .append(y)
          .append("\" width=\"")
          .append(WIDTH)
          .append("\" height=\"")
          .append(ROW - 6)
          .append("\"/>")
          .append("<rect class=\"hit\" x=\"")
          .append(String.format("%.1f", x0))
          .append("\" y=\"")
          .append(y)
          .append("\" width=\"")
          .append(String.format("%.1f", w))
          .append("\" height=\"")
          .append(ROW - 6)
          .append("\"/>");
      y += ROW;
      words.add(m.name() + ": " + range(n));
    }
    b.append("</svg><ul class=\"ranges\">");
    words.forEach(w -> b.append("<li>").append(Html.esc(w)).append("</li>"));
    b.append("</ul></figure>");
  }

  static String range(Narrowing n) {
    String unit =
        switch (n.stage()) {
          case "trace" -> "leaves";
          case "interval" -> "steps";
          case "tensor" -> "tensors";
          default -> "elements";
        };
    long lo = n.lo() + n.origin();
    long hi = n.hi() + n.origin();
    String one = unit.equals("leaves") ? "leaf" : unit.substring(0, unit.length() - 1);
    String of =
        n.stage().equals("interval")
            ? " of steps " + n.origin() + ".." + (n.origin() + n.size() - 1)
            : " of " + n.size();
    return (lo == hi ? one + " " + lo : unit + " " + lo + ".." + hi) + of;
  }
}
