package dev.tokentap.ui.fx;

import java.io.File;
import java.nio.file.Path;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Asks the user for a file. The system one shows the platform's dialog; tests pass their own. */
public interface FilePicker {

  /** A file to open (a session or HAR file), or null when the user cancelled. */
  Path open(Window owner);

  /**
   * A file to write, or null when cancelled.
   *
   * @param suggested the proposed file name ({@code tokentap-2026-11-22.csv})
   * @param extension its extension without the dot, for the filter
   */
  Path save(Window owner, String suggested, String extension);

  /** The platform's file dialogs. */
  FilePicker SYSTEM =
      new FilePicker() {
        @Override
        public Path open(Window owner) {
          FileChooser c = new FileChooser();
          c.setTitle("Open a session or HAR file");
          c.getExtensionFilters()
              .addAll(
                  new FileChooser.ExtensionFilter(
                      "TokenTap sessions and HAR files", "*.tokentap", "*.har", "*.db"),
                  new FileChooser.ExtensionFilter("All files", "*"));
          File f = c.showOpenDialog(owner);
          return f == null ? null : f.toPath();
        }

        @Override
        public Path save(Window owner, String suggested, String extension) {
          FileChooser c = new FileChooser();
          c.setTitle("Export to");
          c.setInitialFileName(suggested);
          c.getExtensionFilters()
              .add(new FileChooser.ExtensionFilter("." + extension, "*." + extension));
          File f = c.showSaveDialog(owner);
          return f == null ? null : f.toPath();
        }
      };
}
