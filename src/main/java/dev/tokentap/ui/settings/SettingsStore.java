package dev.tokentap.ui.settings;

/**
 * Where the settings live (the config file); implemented where the parts are wired. Both methods do
 * file I/O: call them off the FX thread.
 */
public interface SettingsStore {

  /** The saved settings, with the values this run uses where the file sets nothing. */
  Settings load();

  /**
   * Checks {@code settings} and writes them (keys it does not know stay in the file).
   *
   * @throws IllegalArgumentException with a readable message when a value is malformed or the file
   *     cannot be written; nothing is written then
   */
  void save(Settings settings);

  /** Where they are saved, for the dialog ("~/.config/tokentap/config.json"). */
  String location();
}
