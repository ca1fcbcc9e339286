package dev.tokentap.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** Writes PNG pictures of a scene to {@code target/screenshots/} (works under headless Monocle). */
public final class Screenshots {

  /** Where the pictures go. */
  public static final Path DIR = Path.of("target", "screenshots");

  private Screenshots() {}

  /**
   * Snapshots {@code scene} (call on the FX thread) into {@code DIR/name.png}; returns the file.
   */
  public static Path save(Scene scene, String name) {
    WritableImage image = scene.snapshot(null);
    int w = (int) image.getWidth();
    int h = (int) image.getHeight();
    int[] argb = new int[w * h];
    image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    out.setRGB(0, 0, w, h, argb, 0, w);
    try {
      Files.createDirectories(DIR);
      Path file = DIR.resolve(name + ".png");
      ImageIO.write(out, "png", file.toFile());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
