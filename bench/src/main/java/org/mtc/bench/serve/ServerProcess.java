package org.mtc.bench.serve;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mtc.bench.experiment.JavaLauncher;
import org.mtc.core.MtcException;
import org.mtc.serve.ServeCommand;
import org.mtc.serve.ServeMetrics;

/**
 * {@code mtc serve} in a child JVM (this JVM's java and class path) on a free loopback port, its
 * output in a log file: started and waited for until {@code /health} is ready, stopped with
 * SIGTERM. Reads the child's peak resident memory from {@code /proc/PID/status} and its {@code
 * /metrics}. One instance per server; not thread-safe.
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private ServerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log =
        log; // JavaLauncher.start: a bench stopped by a signal does not leave its server running
  }

  /** Starts the server and waits (at most {@code timeoutSeconds}) until it is ready. */
  static ServerProcess start(
      Path model,
      String engine,
      int maxBatch,
      String maxDelay,
      List<String> jvmOptions,
      List<String> sets,
      Path log,
      long timeoutSeconds)
      throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                "--model",
                model.toString(),
                "--engine",
                engine,
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--max-batch",
                Integer.toString(maxBatch),
                "--max-delay",
                maxDelay,
                "--set",
                "mtc.serve.log-lines-per-second=1",
                "--set",
                "mtc.serve.request-timeout=30s"));
    for (String set : sets) {
      command.addAll(List.of("--set", set));
    }
    Files.createDirectories(log.getParent());
    ProcessBuilder pb =
        JavaLauncher.processBuilder(jvmOptions, ServeCommand.class, command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    ServerProcess server = new ServerProcess(JavaLauncher.start(pb), port, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < deadline) {
      if (!server.process.isAlive()) {
        throw new MtcException(
            "the server exited with code "
                + server.process.exitValue()
                + " before it was "
                + "ready; its log: "
                + log
                + ": "
                + tail(log));
      }
      if (server.ready()) {
        return server;
      }
      Thread.sleep(200);
    }
    server.close();
    throw new MtcException(
        "the server was not ready within " + timeoutSeconds + " s; its log: " + log);
  }

  private boolean ready() throws InterruptedException {
    try {
      return get("/health").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  int port() {
    return port;
  }

  /** Peak resident memory of the server process so far, in bytes (VmHWM); -1 when unreadable. */
  long peakRss() {
    return ServeMetrics.procStatusBytes(
        Path.of("/proc", Long.toString(process.pid()), "status"), "VmHWM");
  }

  /** Resident memory of the server process now, in bytes (VmRSS); -1 when unreadable. */
  long rss() {
    return ServeMetrics.procStatusBytes(
        Path.of("/proc", Long.toString(process.pid()), "status"), "VmRSS");
  }

  /** One value of the server's {@code /metrics}, NaN when absent or unreachable. */
  double metric(String name) throws InterruptedException {
    try {
      return get("/metrics")
          .body()
          .lines()
          .filter(l -> l.startsWith(name + " "))
          .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1).strip()))
          .findFirst()
          .orElse(Double.NaN);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Sends SIGTERM and waits up to 60 s; returns the exit code (-1 when it had to be killed). */
  int stop() throws InterruptedException {
    process.destroy();
    if (process.waitFor(60, TimeUnit.SECONDS)) {
      return process.exitValue();
    }
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    return -1;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    } catch (IOException e) {
      return "(unreadable)";
    }
  }
}
