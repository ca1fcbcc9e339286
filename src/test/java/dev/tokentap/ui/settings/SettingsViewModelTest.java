package dev.tokentap.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.server.UpstreamProbe;
import dev.tokentap.ui.activity.ActivityViewModel;
import dev.tokentap.ui.main.ForwarderControl;
import dev.tokentap.ui.main.MainViewModel;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Settings dialog's logic without the toolkit, over a fake store and forwarder. */
class SettingsViewModelTest {

  private final List<String> calls = new ArrayList<>();
  private InetSocketAddress listening = new InetSocketAddress("127.0.0.1", 8081);
  private URI upstream = URI.create("http://127.0.0.1:8080");

  private final ForwarderControl control =
      new ForwarderControl() {
        @Override
        public InetSocketAddress listenAddress() {
          return listening;
        }

        @Override
        public URI upstream() {
          return upstream;
        }

        @Override
        public void changeUpstream(URI u) {
          calls.add("upstream " + u);
          upstream = u;
        }

        @Override
        public void changeListen(InetSocketAddress a) {
          calls.add("listen " + a.getPort());
          listening = a;
        }

        @Override
        public void setRecording(boolean on) {}

        @Override
        public UpstreamProbe.Health probeUpstream() {
          return UpstreamProbe.Health.READY;
        }
      };

  private final Settings inFile =
      new Settings(
          "127.0.0.1:9999", "http://10.0.0.1:1", false, "1M", "30d", "none", "1G", "none", false);
  private Settings saved;
  private final SettingsStore store =
      new SettingsStore() {
        @Override
        public Settings load() {
          return inFile;
        }

        @Override
        public void save(Settings s) {
          if (s.captureCap().equals("lots")) {
            throw new IllegalArgumentException("Body size cap wants a size such as 16M");
          }
          saved = s;
        }

        @Override
        public String location() {
          return "/cfg/tokentap/config.json";
        }
      };

  private MainViewModel main() {
    ActivityViewModel activity = new ActivityViewModel(null, Runnable::run, Runnable::run, () -> 0);
    return new MainViewModel(activity, control, Runnable::run, Runnable::run);
  }

  @Test
  void loadShowsTheFileWithTheListenAndUpstreamInUse() {
    SettingsViewModel vm = new SettingsViewModel(store, main(), Runnable::run, Runnable::run);
    vm.load();
    assertThat(vm.listenProperty().get()).isEqualTo("127.0.0.1:8081");
    assertThat(vm.upstreamProperty().get()).isEqualTo("http://127.0.0.1:8080");
    assertThat(vm.captureProperty().get()).isFalse();
    assertThat(vm.captureCapProperty().get()).isEqualTo("1M");
    assertThat(vm.keepAgeProperty().get()).isEqualTo("30d");
    assertThat(vm.messageProperty().get()).contains("/cfg/tokentap/config.json");
  }

  @Test
  void saveWritesAndAppliesListenAndUpstreamLive() {
    MainViewModel main = main();
    SettingsViewModel vm = new SettingsViewModel(store, main, Runnable::run, Runnable::run);
    vm.load();
    vm.upstreamProperty().set("http://127.0.0.1:8090");
    vm.listenProperty().set("127.0.0.1:8082");
    vm.save();
    assertThat(vm.errorProperty().get()).isNull();
    assertThat(vm.savedProperty().get()).isTrue();
    assertThat(saved.upstream()).isEqualTo("http://127.0.0.1:8090");
    assertThat(calls).containsExactly("upstream http://127.0.0.1:8090", "listen 8082");
    assertThat(main.listenProperty().get()).isEqualTo("127.0.0.1:8082");
  }

  @Test
  void unchangedListenAndUpstreamAreNotReapplied() {
    SettingsViewModel vm = new SettingsViewModel(store, main(), Runnable::run, Runnable::run);
    vm.load();
    vm.keepAgeProperty().set("7d");
    vm.save();
    assertThat(saved.keepAge()).isEqualTo("7d");
    assertThat(calls).isEmpty();
  }

  @Test
  void aMalformedValueIsShownAndNothingChanges() {
    SettingsViewModel vm = new SettingsViewModel(store, main(), Runnable::run, Runnable::run);
    vm.load();
    vm.captureCapProperty().set("lots");
    vm.upstreamProperty().set("http://127.0.0.1:8090");
    vm.save();
    assertThat(vm.errorProperty().get()).contains("Body size cap");
    assertThat(vm.savedProperty().get()).isFalse();
    assertThat(vm.busyProperty().get()).isFalse();
    assertThat(saved).isNull();
    assertThat(calls).isEmpty();
  }
}
