package org.mtc.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mtc serve} as its own process: ready on /health after loading, and on SIGTERM it answers
 * the request in flight, stops listening and exits 0.
 */
class SigtermTest {
  @TempDir Path tmp;

  /** Waits (at most 10 s) until the server's queue holds the request. */
  private static void awaitQueued(int port) throws Exception {
    for (int i = 0; i < 200; i++) {
      if (Http.get(port, "/metrics").body().contains("mtc_serve_queue_depth 1")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the request never reached the queue");
  }

  @Test
  void sigtermDrainsTheRequestInFlightRefusesNewOnesAndExitsZero() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    Process server =
        new ProcessBuilder(
                java,
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                ServeCommand.class.getName(),
                "--model",
                ServedModel.onnx().toString(),
                "--engine",
                "onnx",
                "--port",
                Integer.toString(port),
                "--set",
                "mtc.serve.max-delay=2s",
                "--set",
                "mtc.serve.warm-up=0s")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("server.log").toFile())
            .start();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      boolean ready = false;
      while (!ready && System.nanoTime() < deadline && server.isAlive()) {
        try {
          ready = Http.get(port, "/health").statusCode() == 200;
        } catch (ConnectException e) {
          Thread.sleep(100);
        }
      }
      assertThat(ready)
          .as("ready within 60 s; log: %s", Files.readString(tmp.resolve("server.log")))
          .isTrue();
      int p = port;
      Future<HttpResponse<String>> inFlight =
          pool.submit(
              () ->
                  Http.post(p, "/model", Http.body("sentences", List.of("waits 2 s for a batch"))));
      awaitQueued(p);
      server.destroy(); // SIGTERM
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(server.exitValue()).as(Files.readString(tmp.resolve("server.log"))).isZero();
      assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThatThrownBy(
              () -> Http.post(p, "/model", Http.body("sentences", List.of("after SIGTERM"))))
          .isInstanceOf(ConnectException.class);
      assertThat(Files.readString(tmp.resolve("server.log"))).contains("mtc serve: stopped");
    } finally {
      pool.shutdownNow();
      server.destroyForcibly();
    }
  }
}
