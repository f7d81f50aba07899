package io.hookline.core.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a service runs its model. {@code jvm}: the weights stay in plain Java arrays, which for
 * the additive model (a gather and a sum per message) beats any native call on CPUs. {@code cpu}:
 * DJL's PyTorch engine on the CPU. {@code gpu}: the first GPU, and an error at start when DJL sees
 * none. {@code auto} (the default): the GPU when DJL sees one, else {@code jvm}.
 */
public enum InferenceDevice {
  AUTO, JVM, CPU, GPU;

  public static InferenceDevice parse(String setting) {
    try {
      return valueOf(setting.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("inference device must be one of auto, jvm, cpu, gpu; was '" + setting + "'");
    }
  }

  /** The DJL device to place models on; empty to keep them in the JVM. */
  public Optional<Device> resolve() {
    return switch (this) {
      case JVM -> Optional.empty();
      case CPU -> Optional.of(Device.cpu());
      case GPU -> {
        if (gpus() == 0) {
          throw new IllegalStateException("inference device gpu asked for, but DJL sees no GPU: are the CUDA natives on the "
              + "classpath or in PYTORCH_LIBRARY_PATH, and is the driver visible (nvidia-smi)?");
        }
        yield Optional.of(Device.gpu());
      }
      case AUTO -> gpus() > 0 ? Optional.of(Device.gpu()) : Optional.empty();
    };
  }

  private static int gpus() {
    DjlRuntime.configure();
    return Engine.getInstance().getGpuCount();
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
