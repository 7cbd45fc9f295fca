package io.tribunal.protocol.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class OpGraphVectorsTest {
  @Test
  void committedVectorFileEqualsTheJavaEncoding() throws Exception {
    String committed = Files.readString(OpGraphVectors.FILE);
    String generated = OpGraphVectors.JSON.writeValueAsString(OpGraphVectors.generate()) + "\n";
    assertThat(committed.equals(generated))
        .as("contracts/test/vectors/op-graph.json is stale: rerun OpGraphVectors.main")
        .isTrue();
  }
}
