package dev.tokentap.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderingChoiceTest {

  @TempDir Path dev;

  private RenderingChoice.Choice onLinux() {
    return RenderingChoice.decide("Linux", null, null, dev);
  }

  private void device(String path) throws IOException {
    Path p = dev.resolve(path);
    Files.createDirectories(p.getParent());
    Files.createFile(p);
  }

  @Test
  void noDevicesAtAllChoosesSoftware() {
    RenderingChoice.Choice c = onLinux();
    assertThat(c.software()).isTrue();
    assertThat(c.reason()).startsWith("no GPU device").contains("prism.order=sw");
  }

  @Test
  void aDisplayOnlyCardWithoutRenderNodeChoosesSoftware() throws IOException {
    // e.g. simpledrm, bochs or a VM's plain framebuffer: a card, no render node, no GL of its own
    device("dri/card0");
    assertThat(onLinux().software()).isTrue();
  }

  @Test
  void aRenderNodeKeepsJavaFxsChoice() throws IOException {
    device("dri/card1");
    device("dri/renderD128");
    RenderingChoice.Choice c = onLinux();
    assertThat(c.software()).isFalse();
    assertThat(c.reason()).contains("renderD128");
  }

  @Test
  void anNvidiaDeviceKeepsJavaFxsChoice() throws IOException {
    device("nvidiactl");
    device("nvidia0");
    RenderingChoice.Choice c = onLinux();
    assertThat(c.software()).isFalse();
    assertThat(c.reason()).contains("nvidia");
  }

  @Test
  void theUsersPrismOrderOrForceGpuWins() {
    assertThat(RenderingChoice.decide("Linux", "es2", null, dev).software()).isFalse();
    assertThat(RenderingChoice.decide("Linux", "sw", null, dev).reason())
        .isEqualTo("prism.order=sw set by the user");
    assertThat(RenderingChoice.decide("Linux", null, "true", dev).software()).isFalse();
  }

  @Test
  void otherSystemsKeepJavaFxsChoice() {
    assertThat(RenderingChoice.decide("Windows 11", null, null, dev).software()).isFalse();
    assertThat(RenderingChoice.decide("Mac OS X", null, null, dev).software()).isFalse();
  }

  @Test
  void aMissingDeviceDirectoryCountsAsNoDevice() {
    assertThat(RenderingChoice.decide("Linux", null, null, dev.resolve("absent")).software())
        .isTrue();
  }
}
