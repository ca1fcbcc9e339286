package dev.tokentap.ui.fx;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Window;
import javafx.util.Duration;

/** Repeats a task on the FX thread while a node is in a window that is showing, and only then. */
public final class FxTicker {

  private FxTicker() {}

  /** Runs {@code task} every {@code period} while {@code owner}'s window shows. */
  public static void every(Node owner, Duration period, Runnable task) {
    Timeline timeline = new Timeline(new KeyFrame(period, e -> task.run()));
    timeline.setCycleCount(Animation.INDEFINITE);
    ObservableValue<Boolean> showing =
        owner
            .sceneProperty()
            .flatMap(Scene::windowProperty)
            .flatMap(Window::showingProperty)
            .orElse(false);
    showing.subscribe(
        on -> {
          if (on) {
            timeline.play();
          } else {
            timeline.stop();
          }
        });
  }
}
