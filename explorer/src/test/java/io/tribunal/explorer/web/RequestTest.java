package io.tribunal.explorer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestTest {
  @Test
  void aPathSplitsIntoSegmentsAndApiIsAPrefix() throws Exception {
    Request r = Request.parse("/api/jobs/0xab", "status=open&page=2", false);
    assertThat(r.api()).isTrue();
    assertThat(r.segments()).containsExactly("jobs", "0xab");
    assertThat(r.query()).isEqualTo(Map.of("status", "open", "page", "2"));
    assertThat(r.page()).isEqualTo(2);
    assertThat(Request.parse("/", null, false).segments()).isEmpty();
    assertThat(Request.parse("//jobs//", "", false).segments()).isEqualTo(List.of("jobs"));
  }

  @Test
  void malformedInputIsA400() {
    for (String[] bad :
        new String[][] {
          {"/jobs/..", null}, {"/jobs/%2e", null}, {"/jobs/a b", null}, {"/jobs", "a"},
          {"/jobs", "=1"}, {"/jobs", "page=%zz"}, {"/jobs", "page=1&page=2"}, {"/jobs", "PAGE=1"},
          {"/" + "a".repeat(600), null}, {"/jobs", "x=" + "1".repeat(2_000)}, {"jobs", null},
        }) {
      assertThatThrownBy(() -> Request.parse(bad[0], bad[1], false))
          .as(bad[0] + "?" + bad[1])
          .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status).isEqualTo(400));
    }
  }

  @Test
  void pagesAndIdsAreChecked() throws Exception {
    assertThatThrownBy(() -> Request.parse("/jobs", "page=0", false).page())
        .isInstanceOf(HttpProblem.class);
    assertThatThrownBy(() -> Request.parse("/jobs", "page=1234567", false).page())
        .isInstanceOf(HttpProblem.class);
    assertThatThrownBy(() -> Request.parse("/jobs", "colour=red", false).allowOnly(Set.of("page")))
        .hasMessageContaining("colour");
    assertThat(Request.address("0x" + "AB".repeat(20), "x")).isEqualTo("0x" + "ab".repeat(20));
    assertThatThrownBy(() -> Request.hash("0x12", "a job id")).hasMessageContaining("64 hex");
  }

  @Test
  void htmlEscapesEverythingThatCouldOpenATag() {
    assertThat(Html.esc("<a href=\"x\">'&'</a>\u0001"))
        .isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;?");
  }
}
