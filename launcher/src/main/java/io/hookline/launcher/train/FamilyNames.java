package io.hookline.launcher.train;

import io.hookline.core.model.ModelFamilies;
import java.util.Iterator;

/** The model families this build knows, for {@code --family}'s help and completion. */
public final class FamilyNames implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return ModelFamilies.names().iterator();
  }
}
