package io.tribunal.explorer.web;

/**
 * A page rendered from one snapshot: its title, its JSON twin (what {@code /api/...} answers) and
 * the HTML of its main content.
 */
record Rendered(String title, Object json, String html) {}
