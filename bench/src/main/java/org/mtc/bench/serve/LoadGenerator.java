package org.mtc.bench.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Closed-loop HTTP clients on loopback: each of {@code clients} threads sends one DREAM {@code
 * /model} request of one sentence, waits for the answer, and sends the next, until {@code seconds}
 * have passed or it has sent {@code maxRequestsPerClient}. Paced (a {@code rate} in requests per
 * second for all clients together), each client sends on a schedule and latency counts from the
 * scheduled time, so a slow server cannot hide its queue (no coordinated omission). A request is an
 * error unless it is answered 200 with one row. Each run is used once, by one thread.
 */
final class LoadGenerator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final int port;
  private final List<String> texts;

  LoadGenerator(int port, List<String> texts) {
    this.port = port;
    this.texts = List.copyOf(texts);
  }

  /** What one phase measured. Latencies in milliseconds. */
  record Result(
      int clients,
      double seconds,
      long requests,
      long errors,
      double throughput,
      double p50,
      double p95,
      double p99,
      double targetRate,
      String firstError) {}

  /**
   * Runs {@code clients} clients for {@code seconds}; {@code rate} requests/s in all, or 0 for as
   * fast as answered.
   */
  Result run(int clients, double seconds, double rate, long maxRequestsPerClient)
      throws InterruptedException {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    List<Future<Client>> futures = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Client c =
          new Client(
              i,
              http,
              start,
              end,
              rate > 0 ? clients * 1e9 / rate : 0,
              clients,
              maxRequestsPerClient);
      futures.add(
          pool.submit(
              () -> {
                c.loop();
                return c;
              }));
    }
    pool.shutdown();
    if (!pool.awaitTermination((long) seconds + 60, TimeUnit.SECONDS)) {
      pool.shutdownNow();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    return summarise(futures, clients, elapsed, rate);
  }

  /**
   * Adds up the clients' requests, errors and latencies; a client that failed or has not finished
   * counts as one error.
   */
  private static Result summarise(
      List<Future<Client>> futures, int clients, double elapsed, double rate)
      throws InterruptedException {
    long requests = 0;
    long errors = 0;
    String firstError = null;
    List<long[]> all = new ArrayList<>();
    for (Future<Client> f : futures) {
      Client c;
      try {
        c = f.get(1, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        errors++;
        continue;
      }
      requests += c.count;
      errors += c.errors;
      if (firstError == null) {
        firstError = c.firstError;
      }
      all.add(Arrays.copyOf(c.latencies, c.count));
    }
    long[] lat = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Result(
        clients,
        elapsed,
        requests,
        errors,
        (requests - errors) / elapsed,
        pct(lat, 0.50),
        pct(lat, 0.95),
        pct(lat, 0.99),
        rate,
        firstError);
  }

  /** Nearest-rank percentile of sorted nanoseconds, in milliseconds; NaN for none. */
  static double pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  private final class Client {
    final int id;
    final HttpClient http;
    final long start;
    final long end;
    final double intervalNanos;
    final long maxRequests;
    final long[] latencies;
    final long offset;
    int count;
    long errors;
    String firstError;

    Client(
        int id,
        HttpClient http,
        long start,
        long end,
        double intervalNanos,
        int clients,
        long maxRequests) {
      this.id = id;
      this.http = http;
      this.start = start;
      this.end = end;
      this.intervalNanos = intervalNanos;
      this.maxRequests = maxRequests;
      this.latencies = new long[(int) Math.min(maxRequests, 5_000_000)];
      this.offset = (long) (intervalNanos * id / clients);
    }

    void loop() {
      URI uri = URI.create("http://127.0.0.1:" + port + "/model");
      while (count < latencies.length) {
        long scheduled =
            intervalNanos > 0 ? start + offset + (long) (count * intervalNanos) : System.nanoTime();
        if (scheduled >= end) {
          return;
        }
        long wait = scheduled - System.nanoTime();
        if (wait > 0) {
          try {
            TimeUnit.NANOSECONDS.sleep(wait);
          } catch (InterruptedException e) {
            return;
          }
        }
        String text = texts.get((int) ((id * 7919L + count) % texts.size()));
        try {
          byte[] body = JSON.writeValueAsBytes(Map.of("sentences", List.of(text)));
          HttpResponse<byte[]> r =
              http.send(
                  HttpRequest.newBuilder(uri)
                      .timeout(Duration.ofSeconds(30))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
          if (r.statusCode() != 200 || JSON.readTree(r.body()).size() != 1) {
            error("HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
          }
        } catch (IOException e) {
          error(e.toString());
        } catch (InterruptedException e) {
          return;
        }
        latencies[count++] = System.nanoTime() - scheduled;
        if (System.nanoTime() >= end) {
          return;
        }
      }
    }

    void error(String message) {
      errors++;
      if (firstError == null) {
        firstError = message.length() > 300 ? message.substring(0, 300) : message;
      }
    }
  }
}
