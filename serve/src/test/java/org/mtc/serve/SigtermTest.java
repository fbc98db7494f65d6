package org.mtc.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
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

  /** Waits (at most 10 s) until the server's queue holds sentences of the request. */
  private static void awaitQueued(int port) throws Exception {
    for (int i = 0; i < 2000; i++) {
      if (!Http.get(port, "/metrics").body().contains("mtc_serve_queue_depth 0")) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the request never reached the queue");
  }

  /** {@code mtc serve} of the test model on {@code port}, its output in server.log. */
  private Process start(int port) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
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
            // a lone sentence no longer waits for max-delay: keep the request in flight with
            // 1000 sentences answered one per model call
            "--max-batch",
            "1",
            "--set",
            "mtc.serve.request-timeout=60s",
            "--set",
            "mtc.serve.drain-timeout=60s",
            "--set",
            "mtc.serve.warm-up=0s")
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve("server.log").toFile())
        .start();
  }

  @Test
  void sigtermDrainsTheRequestInFlightRefusesNewOnesAndExitsZero() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process server = start(port);
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
      List<String> sentences = Collections.nCopies(1000, "one of many in flight");
      Future<HttpResponse<String>> inFlight =
          pool.submit(() -> Http.post(p, "/model", Http.body("sentences", sentences)));
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
