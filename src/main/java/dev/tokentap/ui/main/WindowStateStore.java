package dev.tokentap.ui.main;

/**
 * Where the window's state is kept between runs; implemented where the parts are wired. Both
 * methods do file I/O: call them off the FX thread.
 */
public interface WindowStateStore {

  /** Keeps nothing (tests, or no writable config dir). */
  WindowStateStore NONE =
      new WindowStateStore() {
        @Override
        public WindowState load() {
          return WindowState.DEFAULT;
        }

        @Override
        public void save(WindowState state) {}
      };

  /** The state saved last; {@link WindowState#DEFAULT} when none, or when it is unreadable. */
  WindowState load();

  /** Saves {@code state}; a failure is reported (a warning), never thrown. */
  void save(WindowState state);
}
