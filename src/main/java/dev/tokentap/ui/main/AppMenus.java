package dev.tokentap.ui.main;

import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * The File and View menus with their shortcuts (shown beside the items): Ctrl+O open, Ctrl+E
 * export, Ctrl+, settings, Ctrl+W close a session window, Ctrl+Q quit, Ctrl+F filter, Ctrl+L listen
 * address, F5 re-check the upstream; View &gt; Theme.
 */
public final class AppMenus {

  /**
   * What the items do; a null action leaves its item out (a read-only window has no settings,
   * listen field or upstream).
   */
  public record Actions(
      Runnable open,
      Runnable export,
      Runnable settings,
      Runnable closeWindow,
      Runnable quit,
      Runnable focusFilter,
      Runnable focusListen,
      Runnable recheckUpstream) {}

  private AppMenus() {}

  /** Adds the File and View menus to {@code bar}; the theme items edit {@code theme}. */
  public static void install(MenuBar bar, Actions a, ObjectProperty<ThemeChoice> theme) {
    Menu file = new Menu("_File");
    file.setId("menu-file");
    file.getItems()
        .addAll(
            item("_Open Session…", "menu-open", shortcut(KeyCode.O), a.open()),
            item("_Export…", "menu-export", shortcut(KeyCode.E), a.export()));
    if (a.settings() != null) {
      file.getItems()
          .addAll(
              new SeparatorMenuItem(),
              item("_Settings…", "menu-settings", shortcut(KeyCode.COMMA), a.settings()));
    }
    file.getItems().add(new SeparatorMenuItem());
    if (a.closeWindow() != null) {
      file.getItems()
          .add(item("_Close Window", "menu-close", shortcut(KeyCode.W), a.closeWindow()));
    }
    file.getItems().add(item("_Quit", "menu-quit", shortcut(KeyCode.Q), a.quit()));

    Menu view = new Menu("_View");
    view.setId("menu-view");
    view.getItems().add(item("_Filter", "menu-filter", shortcut(KeyCode.F), a.focusFilter()));
    if (a.focusListen() != null) {
      view.getItems()
          .add(item("_Listen Address", "menu-listen", shortcut(KeyCode.L), a.focusListen()));
    }
    if (a.recheckUpstream() != null) {
      view.getItems()
          .add(
              item(
                  "_Re-check Upstream",
                  "menu-recheck",
                  new KeyCodeCombination(KeyCode.F5),
                  a.recheckUpstream()));
    }
    view.getItems().addAll(new SeparatorMenuItem(), themeMenu(theme));
    bar.getMenus().addAll(file, view);
  }

  private static Menu themeMenu(ObjectProperty<ThemeChoice> theme) {
    Menu menu = new Menu("_Theme");
    menu.setId("menu-theme");
    ToggleGroup group = new ToggleGroup();
    for (ThemeChoice c : ThemeChoice.values()) {
      RadioMenuItem item = new RadioMenuItem(c.label());
      item.setId("theme-" + c.name().toLowerCase(Locale.ROOT));
      item.setToggleGroup(group);
      item.setSelected(theme.get() == c);
      item.setOnAction(e -> theme.set(c));
      theme.addListener((o, was, now) -> item.setSelected(now == c));
      menu.getItems().add(item);
    }
    return menu;
  }

  private static MenuItem item(String text, String id, KeyCombination keys, Runnable action) {
    MenuItem item = new MenuItem(text);
    item.setId(id);
    item.setAccelerator(keys);
    item.setOnAction(e -> action.run());
    return item;
  }

  private static KeyCombination shortcut(KeyCode key) {
    return new KeyCodeCombination(key, KeyCombination.SHORTCUT_DOWN);
  }
}
