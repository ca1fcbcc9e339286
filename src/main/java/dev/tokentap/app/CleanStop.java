package dev.tokentap.app;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Makes Ctrl-C (SIGINT) and SIGTERM a clean stop with exit code 0 instead of the JVM's 130 / 143:
 * the signal calls {@code System.exit(0)}, which runs the shutdown hooks as the JVM's own handler
 * does (the forwarder's grace, the recorder's drain, the demo's temp dir, files deleted on exit).
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}) is reached by reflection: called
 * directly, javac warns that it is an internal API, and the build treats warnings as errors. Where
 * it is missing or refuses a signal, that signal keeps the JVM's default (the hooks still run; only
 * the exit code differs). A signal ignored when the JVM started (a background job) stays ignored.
 * Only for running TokenTap: an export stopped with Ctrl-C must not exit 0.
 */
final class CleanStop {
  private CleanStop() {}

  /** Installs the handlers for INT and TERM; returns the signals it could take over. */
  static int install() {
    int installed = 0;
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Constructor<?> named = signal.getConstructor(String.class);
      Method handle = signal.getMethod("handle", signal, handler);
      Object exit =
          Proxy.newProxyInstance(
              handler.getClassLoader(), new Class<?>[] {handler}, exitHandler(handler));
      for (String name : new String[] {"INT", "TERM"}) {
        try {
          handle.invoke(null, named.newInstance(name), exit);
          installed++;
        } catch (ReflectiveOperationException | RuntimeException e) {
          // this signal keeps the JVM's default handler
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // no sun.misc.Signal: the JVM's defaults (exit 130 / 143 after the same hooks)
    }
    return installed;
  }

  private static InvocationHandler exitHandler(Class<?> handler) {
    return (proxy, method, args) -> {
      if (method.getDeclaringClass() == handler) {
        // runs on the JVM's signal thread, as its own handler's Shutdown.exit does
        System.exit(0);
        return null;
      }
      return switch (method.getName()) {
        case "hashCode" -> System.identityHashCode(proxy);
        case "equals" -> proxy == args[0];
        default -> "CleanStop";
      };
    };
  }
}
