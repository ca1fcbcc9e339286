package dev.tokentap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU time the hypervisor took away from this machine ("steal", from /proc/stat) during a section.
 * On a shared virtual machine, stalls of several milliseconds show up in every path's p99; this
 * says how noisy the host was while the figures were taken.
 */
final class CpuSteal {
  private final long total;
  private final long steal;

  private CpuSteal(long total, long steal) {
    this.total = total;
    this.steal = steal;
  }

  /** The counters now; both zero when /proc/stat cannot be read. */
  static CpuSteal now() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst();
      String[] f = cpu.trim().split("\\s+");
      long sum = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        sum += Long.parseLong(f[i]);
      }
      return new CpuSteal(sum, f.length > 8 ? Long.parseLong(f[8]) : 0);
    } catch (IOException | RuntimeException e) {
      return new CpuSteal(0, 0);
    }
  }

  /** "host steal 1.2% of CPU time", or "" when unknown. */
  String since(CpuSteal start) {
    long t = total - start.total;
    if (t <= 0) {
      return "";
    }
    return String.format(Locale.ROOT, "host cpu steal %.1f%%", 100.0 * (steal - start.steal) / t);
  }
}
