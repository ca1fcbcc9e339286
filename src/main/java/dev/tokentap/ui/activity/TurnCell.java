package dev.tokentap.ui.activity;

import javafx.css.PseudoClass;
import javafx.scene.control.Tooltip;

/**
 * The activity table's Turn cell: the exchange's turn in its conversation, "3", or "3 · cache miss"
 * (marked {@code :cache-miss}) with the note saying why as its tooltip.
 */
final class TurnCell extends LineCell {

  private static final PseudoClass CACHE_MISS = PseudoClass.getPseudoClass("cache-miss");

  @Override
  protected void updateItem(ActivityRow r, boolean empty) {
    super.updateItem(r, empty);
    boolean missed = !empty && r != null && r.turn().missed();
    if (empty || r == null || r.turn().turn() == null) {
      setText(null);
    } else {
      setText(r.turn().turn() + (missed ? " · cache miss" : ""));
    }
    pseudoClassStateChanged(CACHE_MISS, missed);
    String tip = missed ? r.turn().cacheNote() : null;
    if (tip == null) {
      setTooltip(null);
    } else if (getTooltip() == null || !tip.equals(getTooltip().getText())) {
      Tooltip t = new Tooltip(tip);
      t.setWrapText(true);
      t.setMaxWidth(520);
      setTooltip(t);
    }
  }
}
