package io.hookline.monitor.reference;

import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelRef;
import io.hookline.core.modelstore.ModelStore;
import io.hookline.core.profile.Reference;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference of every model version the monitor has heard of: {@code model.events} says where
 * each artifact lives, the model store loads and verifies its profile on first use. The few most
 * recent references stay in memory (a vocabulary is a few MB).
 */
public final class ReferenceCatalog {
  private static final Logger log = LoggerFactory.getLogger(ReferenceCatalog.class);
  private static final int CACHED = 4;

  private record Location(URI uri, String sha256) {}

  private final ModelStore store;
  private final Map<String, Location> locations = new ConcurrentHashMap<>();
  private final Map<String, Reference> cache = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Reference> eldest) {
      return size() > CACHED;
    }
  };

  public ReferenceCatalog(ModelStore store) {
    this.store = store;
  }

  /** Learns where a version's artifact is from any event that names one. */
  public void onEvent(ModelEvent event) {
    if (event == null || event.getLocation() == null || event.getLocation().isBlank()) {
      return;
    }
    locations.put(key(event.getModel()), new Location(URI.create(event.getLocation()), event.getSha256()));
  }

  /** Puts a reference in directly, for a version whose artifact is not in any store. */
  public synchronized void put(ModelRef model, Reference reference) {
    cache.put(key(model), reference);
  }

  /** The version's reference, loaded on first use; empty when no event named it or it failed verification. */
  public synchronized Optional<Reference> get(ModelRef model) {
    String key = key(model);
    Reference cached = cache.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    Location location = locations.get(key);
    if (location == null) {
      return Optional.empty();
    }
    try {
      Reference loaded = store.loadReference(location.uri(), location.sha256());
      cache.put(key, loaded);
      log.info("reference profile of {} {} loaded ({} training messages, vocabulary {})", model.getName(), model.getVersion(),
          loaded.profile().examples(), loaded.vocabulary().length);
      return Optional.of(loaded);
    } catch (Exception e) {
      log.error("reference profile of {} {} at {} refused: {}", model.getName(), model.getVersion(), location.uri(), e.getMessage());
      locations.remove(key); // not retried on every event: a new event for the version brings it back
      return Optional.empty();
    }
  }

  private static String key(ModelRef model) {
    return model.getName() + "\u001f" + model.getVersion();
  }
}
