package io.tribunal.explorer.web;

import io.tribunal.explorer.index.Snapshot;
import java.util.List;
import java.util.Set;

/** One kind of page, rendered as HTML and as its JSON twin from the same snapshot. */
interface Page {
  /** The query parameters it understands; any other is a 400. */
  Set<String> params();

  /**
   * Renders the page for the path segments after its name ({@code args}, e.g. a job id).
   *
   * @throws HttpProblem 404 for an unknown id, 400 for a malformed one or a bad query
   */
  Rendered render(Snapshot s, Request r, List<String> args) throws HttpProblem;
}
