package io.tribunal.explorer.web;

import io.tribunal.explorer.index.Tusd;
import java.math.BigInteger;
import java.time.Instant;

/** How values look on a page: short hashes with the full one on hover, tUSD, times, countdowns. */
final class Show {
  private Show() {}

  /** {@code 0x1234…abcd} with the full value in a title (hashes and addresses). */
  static String shortHex(String hex) {
    if (hex == null || hex.isEmpty()) {
      return "<span class=\"none\">–</span>";
    }
    String s =
        hex.length() > 14 ? hex.substring(0, 8) + "…" + hex.substring(hex.length() - 4) : hex;
    return "<code title=\"" + Html.esc(hex) + "\">" + Html.esc(s) + "</code>";
  }

  static String link(String base, String hex) {
    if (hex == null || hex.isEmpty()) {
      return shortHex(hex);
    }
    return "<a href=\"" + Html.esc(base + hex) + "\">" + shortHex(hex) + "</a>";
  }

  static String job(String id) {
    return link("/jobs/", id);
  }

  static String solver(String address) {
    return link("/solvers/", address);
  }

  static String tusd(Tusd t, BigInteger units) {
    return Html.esc(t.format(units));
  }

  static String time(long epoch) {
    if (epoch <= 0) {
      return "<span class=\"none\">–</span>";
    }
    String iso = Instant.ofEpochSecond(epoch).toString();
    return "<time datetime=\""
        + iso
        + "\">"
        + iso.replace('T', ' ').replace("Z", " UTC")
        + "</time>";
  }

  /**
   * A deadline as a countdown from chain time {@code now}: "in 4m 10s" (ticking in the browser) or
   * "passed 2m ago", with the absolute time beside it.
   */
  static String countdown(long deadline, long now) {
    if (deadline <= 0) {
      return "<span class=\"none\">–</span>";
    }
    String text =
        deadline > now
            ? "in " + duration(deadline - now)
            : "passed " + duration(now - deadline) + " ago";
    return "<span class=\"countdown\" data-deadline=\""
        + deadline
        + "\">"
        + Html.esc(text)
        + "</span> <small>("
        + time(deadline)
        + ")</small>";
  }

  static String duration(long seconds) {
    long d = seconds / 86_400;
    long h = seconds % 86_400 / 3_600;
    long m = seconds % 3_600 / 60;
    long s = seconds % 60;
    if (d > 0) {
      return d + "d " + h + "h";
    }
    if (h > 0) {
      return h + "h " + m + "m";
    }
    return m > 0 ? m + "m " + s + "s" : s + "s";
  }

  /** A status word as a badge; the class gives it a colour, the text says it. */
  static String badge(String status) {
    return "<span class=\"badge b-"
        + Html.esc(status.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'))
        + "\">"
        + Html.esc(status)
        + "</span>";
  }
}
