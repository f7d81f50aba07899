package io.hookline.core.model;

import io.hookline.core.features.FeatureSpec;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Every model family this build knows, by the name artifacts and settings use: the one way any
 * caller (loading an artifact, {@code hookline train --family}, {@code trainer.family}, the
 * benchmarks) gets a family. A family registers itself with a {@link Provider} listed in {@code
 * META-INF/services/io.hookline.core.model.ModelFamilies$Provider}, so a new one plugs in without
 * a change to any service.
 */
public final class ModelFamilies {
  /** Makes a family for a feature spec. */
  public interface Provider {
    /** The family's stable name, as in model metadata. */
    String name();

    ModelFamily create(FeatureSpec spec);
  }

  /** A provider that makes its family with a constructor taking the feature spec. */
  public abstract static class Named implements Provider {
    private final String name;
    private final java.util.function.Function<FeatureSpec, ModelFamily> factory;

    protected Named(String name, java.util.function.Function<FeatureSpec, ModelFamily> factory) {
      this.name = name;
      this.factory = factory;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public ModelFamily create(FeatureSpec spec) {
      return factory.apply(spec);
    }
  }

  private static final Map<String, Provider> PROVIDERS = load();

  private ModelFamilies() {}

  /**
   * @throws IllegalArgumentException for a name no registered family has, listing those that are
   */
  public static ModelFamily named(String name, FeatureSpec spec) {
    Provider provider = PROVIDERS.get(name);
    if (provider == null) {
      throw new IllegalArgumentException("no model family '" + name + "' in this build; known: " + String.join(", ", names()));
    }
    return provider.create(spec);
  }

  /** The family of that name for the current feature spec. */
  public static ModelFamily named(String name) {
    return named(name, FeatureSpec.CURRENT);
  }

  public static List<String> names() {
    return List.copyOf(PROVIDERS.keySet());
  }

  private static Map<String, Provider> load() {
    Map<String, Provider> providers = new TreeMap<>();
    for (Provider provider : ServiceLoader.load(Provider.class, ModelFamilies.class.getClassLoader())) {
      Provider clash = providers.putIfAbsent(provider.name(), provider);
      if (clash != null) {
        throw new IllegalStateException("two model families are named '" + provider.name() + "': " + clash.getClass().getName() + " and "
            + provider.getClass().getName());
      }
    }
    return providers;
  }
}
