package io.tribunal.explorer.web;

/** HTML text escaping: every value from the chain or the request passes through here. */
final class Html {
  private Html() {}

  static String esc(Object o) {
    String s = String.valueOf(o);
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            b.append('?');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** A link with escaped target and text. */
  static String a(String href, Object text) {
    return "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>";
  }
}
