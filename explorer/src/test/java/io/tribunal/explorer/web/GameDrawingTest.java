package io.tribunal.explorer.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.explorer.index.Narrowing;
import org.junit.jupiter.api.Test;

class GameDrawingTest {
  @Test
  void rangesReadAsWords() {
    assertThat(GameDrawing.range(new Narrowing("trace", 7, 0, 6, 0))).isEqualTo("leaves 0..6 of 7");
    assertThat(GameDrawing.range(new Narrowing("trace", 7, 3, 3, 0))).isEqualTo("leaf 3 of 7");
    assertThat(GameDrawing.range(new Narrowing("interval", 8, 5, 5, 16)))
        .isEqualTo("step 21 of steps 16..23");
    assertThat(GameDrawing.range(new Narrowing("element", 160, 18, 18, 0)))
        .isEqualTo("element 18 of 160");
  }
}
