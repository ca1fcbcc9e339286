package dev.tokentap.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's tables of TCP sockets ({@code /proc/net/tcp} and {@code tcp6}, Linux): how the live
 * tests see when a connection between TokenTap and llama-server leaves ESTABLISHED, without
 * anything in between.
 */
final class TcpTable {
  private TcpTable() {}

  /** IPv4, and IPv6 where the JVM's dual-stack sockets show IPv4 peers as ::ffff:127.0.0.1. */
  private static final List<Path> TABLES =
      List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

  /** One socket: its own port, the peer's port, and its state ({@code /proc/net/tcp}'s "st"). */
  record Entry(int localPort, int remotePort, int state) {
    String stateName() {
      return name(state);
    }
  }

  static final int ESTABLISHED = 0x01;

  static String name(int state) {
    return switch (state) {
      case 0x01 -> "ESTABLISHED";
      case 0x02 -> "SYN_SENT";
      case 0x03 -> "SYN_RECV";
      case 0x04 -> "FIN_WAIT1";
      case 0x05 -> "FIN_WAIT2";
      case 0x06 -> "TIME_WAIT";
      case 0x07 -> "CLOSE";
      case 0x08 -> "CLOSE_WAIT";
      case 0x09 -> "LAST_ACK";
      case 0x0A -> "LISTEN";
      case 0x0B -> "CLOSING";
      case -1 -> "gone";
      default -> "state " + state;
    };
  }

  /** Whether a socket in {@code state} has sent its FIN (or is gone): its own side closed. */
  static boolean closedByThisSide(int state) {
    return state == 0x04 || state == 0x05 || state == 0x06 || state == 0x0B || state == -1;
  }

  static List<Entry> read() throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (Path table : TABLES) {
      if (!Files.exists(table)) {
        continue;
      }
      List<String> lines = Files.readAllLines(table);
      for (int i = 1; i < lines.size(); i++) {
        String[] f = lines.get(i).trim().split("\\s+");
        entries.add(new Entry(port(f[1]), port(f[2]), Integer.parseInt(f[3], 16)));
      }
    }
    return entries;
  }

  /** The state of the socket with these ports, or -1 when there is none. */
  static int state(int localPort, int remotePort) throws IOException {
    for (Entry e : read()) {
      if (e.localPort() == localPort && e.remotePort() == remotePort) {
        return e.state();
      }
    }
    return -1;
  }

  /** Local ports of the ESTABLISHED sockets whose peer listens on {@code remotePort}. */
  static List<Integer> establishedTo(int remotePort) throws IOException {
    List<Integer> ports = new ArrayList<>();
    for (Entry e : read()) {
      if (e.remotePort() == remotePort && e.state() == ESTABLISHED) {
        ports.add(e.localPort());
      }
    }
    return ports;
  }

  private static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1), 16);
  }
}
