package dev.tokentap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on. */
final class MachineInfo {
  private MachineInfo() {}

  static String cpus() {
    return Runtime.getRuntime().availableProcessors() + " cpus (" + cpuModel() + ")";
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst()
          .orElse("model unknown");
    } catch (IOException e) {
      return "model unknown";
    }
  }

  static String memory() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (l.startsWith("MemTotal:")) {
          long kib = Long.parseLong(l.replaceAll("[^0-9]", ""));
          return String.format("%.1f GiB RAM", kib / 1024.0 / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return "RAM unknown";
  }

  static String os() {
    return System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + " "
        + System.getProperty("os.arch");
  }

  static String jdk() {
    return System.getProperty("java.vm.vendor", "?")
        + " "
        + System.getProperty("java.runtime.version", "?")
        + " ("
        + System.getProperty("java.vm.name", "?")
        + ")";
  }
}
