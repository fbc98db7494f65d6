package org.mtc.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.settings.Settings;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Prediction;

/**
 * {@code mtc.serve.listen} ({@code --listen-when-ready}): with {@code when-ready} no connection to
 * the port succeeds while the model loads or warms up, and the first one after is answered 200; the
 * default still listens at start and answers 503 {@code loading} meanwhile.
 */
class ListenWhenReadyTest {
  @Test
  void whenReadyRefusesConnectionsWhileTheModelLoadsAndWarmsUpThenAnswers200() throws Exception {
    int port = freePort();
    CountDownLatch opening = new CountDownLatch(1);
    CountDownLatch loaded = new CountDownLatch(1);
    CountDownLatch warming = new CountDownLatch(1);
    CountDownLatch warmedUp = new CountDownLatch(1);
    Supplier<Classifier> open =
        () -> {
          opening.countDown();
          await(loaded);
          return new SlowClassifier(Http.model().get(), 0) {
            @Override
            public List<Prediction> predict(List<Input> inputs) {
              warming.countDown();
              await(warmedUp);
              return super.predict(inputs);
            }
          };
        };
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<AnnotatorServer> started =
          pool.submit(
              () ->
                  AnnotatorServer.start(open, Http.settings("listen = when-ready").withPort(port)));
      assertThat(opening.await(30, TimeUnit.SECONDS)).isTrue();
      assertRefused(port, "while the model loads");
      loaded.countDown();
      assertThat(warming.await(60, TimeUnit.SECONDS)).isTrue();
      assertRefused(port, "while the model answers its warm-up request");
      assertThat(started.isDone()).isFalse();
      warmedUp.countDown();
      try (AnnotatorServer server = started.get(60, TimeUnit.SECONDS)) {
        assertThat(server.port()).isEqualTo(port);
        HttpResponse<String> health = Http.get(port, "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Http.json(health).get("status").asText()).isEqualTo("ready");
      }
    } finally {
      loaded.countDown();
      warmedUp.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void theDefaultListensAtStartAndAnswers503LoadingUntilReady() throws Exception {
    assertThat(ServeSettings.from(Settings.reference()).listen())
        .isEqualTo(ServeSettings.Listen.AT_START);
    int port = freePort();
    CountDownLatch loaded = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<AnnotatorServer> started =
          pool.submit(
              () ->
                  AnnotatorServer.start(
                      () -> {
                        await(loaded);
                        return Http.model().get();
                      },
                      Http.settings("").withPort(port)));
      HttpResponse<String> health = null;
      for (int i = 0; i < 200 && health == null; i++) {
        try {
          health = Http.get(port, "/health");
        } catch (ConnectException e) {
          Thread.sleep(50);
        }
      }
      assertThat(health).as("a connection while the model loads").isNotNull();
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(Http.json(health).get("status").asText()).isEqualTo("loading");
      loaded.countDown();
      try (AnnotatorServer server = started.get(60, TimeUnit.SECONDS)) {
        assertThat(Http.get(port, "/health").statusCode()).isEqualTo(200);
      }
    } finally {
      loaded.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aPortTakenWhenReadyFailsWithTheSameMessageAndClosesTheLoadedModel() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();
      SlowClassifier model = new SlowClassifier(Http.model().get(), 0);
      assertThatThrownBy(
              () ->
                  AnnotatorServer.start(
                      () -> model, Http.settings("listen = when-ready").withPort(port)))
          .isInstanceOf(MtcException.class)
          .hasMessageContaining("could not listen on 127.0.0.1:" + port)
          .hasMessageContaining("choose one with --port");
      assertThat(model.calls).as("loaded and warmed up before the port was tried").isNotEmpty();
      assertThat(model.closed).isTrue();
    }
  }

  @Test
  void anUnknownListenValueIsRefusedWithTheChoices() {
    assertThatThrownBy(() -> Http.settings("listen = ready"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("mtc.serve.listen = \"ready\"")
        .hasMessageContaining("at-start")
        .hasMessageContaining("when-ready");
  }

  private static void assertRefused(int port, String when) {
    assertThatThrownBy(
            () -> {
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
              }
            })
        .as("a connection to port %d %s", port, when)
        .isInstanceOf(ConnectException.class);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
