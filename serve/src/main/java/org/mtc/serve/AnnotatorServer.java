package org.mtc.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Prediction;
import org.mtc.tasks.predict.Predictor;
import org.slf4j.LoggerFactory;

/**
 * The HTTP annotator (Javalin 7 on Jetty 12): DREAM's {@code POST /model} and {@code POST
 * /batch_model}, mtc's own {@code POST /predict}, {@code GET /health} and {@code GET /metrics}
 * (docs/serve.md). Every sentence goes through one {@link DynamicBatcher}. Bad input is a 4xx with
 * {@code {"error": ...}} naming the field; never a 200 with {@code {}}. {@link #close} stops taking
 * requests (503), lets those in flight finish, stops the HTTP server and closes the classifier.
 * Thread-safe; owns the classifier it opens.
 */
public final class AnnotatorServer implements AutoCloseable {
  private final ServeSettings settings;
  private final Javalin http;
  private final RequestLog log;
  private final Consumer<String> warnings;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ServeMetrics metrics =
      new ServeMetrics(
          () -> {
            DynamicBatcher b = this.batcher;
            return b == null ? 0 : b.depth();
          });
  private volatile Classifier classifier;
  private volatile DynamicBatcher batcher;
  private volatile DreamFormat dream;
  private volatile boolean ready;
  private volatile int warmUpRounds;
  private volatile boolean stopping;
  private boolean closed;

  private AnnotatorServer(ServeSettings settings, Consumer<String> warnings) {
    this.settings = settings;
    this.warnings = warnings;
    this.log = new RequestLog(settings.logLinesPerSecond());
    this.http =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.http.maxRequestSize = settings.maxBodyBytes();
              config.http.prefer405over404 = true;
              config.jetty.host = settings.host();
              config.jetty.port = settings.port();
              config.routes.post(
                  "/model",
                  ctx ->
                      answer(
                          ctx,
                          "/model",
                          body -> DreamFormat.modelRequest(body),
                          predictions -> dream.answers(predictions)));
              config.routes.post(
                  "/batch_model",
                  ctx ->
                      answer(
                          ctx,
                          "/batch_model",
                          body -> DreamFormat.batchRequest(body),
                          predictions -> List.of(Map.of("batch", dream.answers(predictions)))));
              config.routes.post(
                  "/predict",
                  ctx ->
                      answer(
                          ctx,
                          "/predict",
                          PredictFormat::request,
                          predictions -> predictions.stream().map(Predictor::row).toList()));
              config.routes.get("/health", this::health);
              config.routes.get(
                  "/metrics",
                  ctx ->
                      ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                          .result(metrics.render()));
              // Javalin's own errors (404, 405, a body too large) and anything a handler did not
              // catch: JSON, as ours are
              config.routes.exception(
                  HttpResponseException.class,
                  (e, ctx) -> routeError(ctx, e.getStatus(), e.getMessage()));
              config.routes.exception(
                  Exception.class, (e, ctx) -> routeError(ctx, 500, "internal error: " + e));
              config.jetty.modifyServer(
                  server -> server.setErrorHandler(new JsonAnswers.JettyErrors()));
            });
  }

  /**
   * Answers an error the routing raised (an unknown path, a wrong method) as {@code {"error":
   * ...}}; logged.
   */
  private void routeError(Context ctx, int status, String reason) {
    String method = ctx.method().name();
    String error = JsonAnswers.routeError(status, method, ctx.path(), reason);
    if (status == 405) {
      ctx.header("Allow", JsonAnswers.allowed(ctx.path()));
    }
    JsonAnswers.respond(ctx, status, JsonAnswers.json(Map.of("error", error)));
    metrics.request(JsonAnswers.endpoint(ctx.path()), status, 0);
    log.request(method, ctx.path(), status, 0, 0, error);
  }

  /**
   * Starts listening, then opens the model with {@code open}, starts the batcher and answers one
   * warm-up request through it; {@code /health} reports ready from then on. With {@code
   * mtc.serve.listen = when-ready} the port opens only after all that, so that no connection
   * succeeds before the server can answer it. Returns once ready.
   *
   * @throws MtcException when the port cannot be bound or the model cannot be opened (nothing keeps
   *     running then)
   */
  public static AnnotatorServer start(Supplier<Classifier> open, ServeSettings settings) {
    return start(open, settings, LoggerFactory.getLogger(RequestLog.LOGGER)::warn);
  }

  /**
   * {@link #start(Supplier, ServeSettings)} with {@code warnings} told what the log warns of
   * (tests).
   */
  static AnnotatorServer start(
      Supplier<Classifier> open, ServeSettings settings, Consumer<String> warnings) {
    AnnotatorServer server = new AnnotatorServer(settings, warnings);
    boolean atStart = settings.listen() == ServeSettings.Listen.AT_START;
    if (atStart) {
      server.listen(); // nothing opened yet: nothing to close if it fails
    }
    try {
      server.load(open);
      if (!atStart) {
        server.listen();
      }
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  /**
   * Binds the port and starts answering.
   *
   * @throws MtcException naming the host and port when they cannot be bound
   */
  private void listen() {
    try {
      http.start();
    } catch (RuntimeException e) {
      throw new MtcException(
          "could not listen on "
              + settings.host()
              + ":"
              + settings.port()
              + ": "
              + e.getMessage()
              + "; is another server on that port? choose one with --port",
          e);
    }
  }

  private void load(Supplier<Classifier> open) {
    classifier = open.get();
    dream = new DreamFormat(classifier.tasks());
    batcher =
        new DynamicBatcher(
            classifier,
            settings.maxBatch(),
            settings.maxDelay(),
            settings.queueCapacity(),
            metrics::batch);
    try {
      batcher.predict(
          List.of(Input.of("a")), Duration.ofMinutes(2)); // warm-up, as DREAM's server does
      warmUpRounds = warmUp(classifier, settings.maxBatch(), settings.warmUp());
    } catch (TimeoutException e) {
      throw new MtcException("the model did not answer its warm-up request within 2 minutes");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MtcException("interrupted while warming up the model");
    }
    // Opening leaves garbage (a model directory's weights pass the heap); collect it before
    // serving.
    System.gc();
    ready = true;
  }

  /**
   * Runs batches of 1, 2, 4 ... {@code maxBatch} sentences of the longest length (the tokenizer
   * truncates them) through {@code classifier}, round after round, until {@code budget} has passed;
   * none for a zero budget.
   *
   * @return the rounds run
   */
  static int warmUp(Classifier classifier, int maxBatch, Duration budget) {
    if (budget.isZero()) {
      return 0;
    }
    Input longest = Input.of(String.join(" ", Collections.nCopies(1024, "warm")));
    long deadline = System.nanoTime() + budget.toNanos();
    int rounds = 0;
    do {
      for (int size = 1; ; size = Math.min(maxBatch, size * 2)) {
        classifier.predict(Collections.nCopies(size, longest));
        if (size == maxBatch) {
          break;
        }
      }
      rounds++;
    } while (System.nanoTime() < deadline && rounds < 1000);
    return rounds;
  }

  /** Warm-up rounds run before the server reported ready ({@link #warmUp}). */
  public int warmUpRounds() {
    return warmUpRounds;
  }

  /** The port the server listens on (the bound one when settings asked for port 0). */
  public int port() {
    return http.port();
  }

  /** The metrics this server renders at {@code /metrics}. */
  public ServeMetrics metrics() {
    return metrics;
  }

  private void health(Context ctx) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("status", stopping ? "stopping" : ready ? "ready" : "loading");
    if (ready) {
      status.put("engine", classifier.engine());
      status.put("tasks", classifier.tasks().names());
    }
    ctx.status(ready && !stopping ? 200 : 503)
        .contentType("application/json")
        .result(JsonAnswers.json(status));
  }

  private void answer(
      Context ctx,
      String endpoint,
      Function<JsonNode, List<Input>> parse,
      Function<List<Prediction>, Object> render) {
    inFlight.incrementAndGet();
    try {
      answerCounted(ctx, endpoint, parse, render);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void answerCounted(
      Context ctx,
      String endpoint,
      Function<JsonNode, List<Input>> parse,
      Function<List<Prediction>, Object> render) {
    long started = System.nanoTime();
    int status = 500;
    int sentences = 0;
    String error = null;
    try {
      refuseUnlessReady();
      List<Input> inputs = parse.apply(RequestBody.json(ctx, settings.maxBodyBytes()));
      sentences = inputs.size();
      refuseTooManySentences(inputs.size());
      List<Prediction> predictions =
          inputs.isEmpty() ? List.of() : batcher.predict(inputs, settings.requestTimeout());
      byte[] answer = JsonAnswers.json(render.apply(predictions));
      status = 200;
      JsonAnswers.respond(ctx, 200, answer);
    } catch (HttpError e) {
      status = e.status;
      error = e.getMessage();
    } catch (DynamicBatcher.QueueFullException e) {
      status = 503;
      error = e.getMessage();
      ctx.header("Retry-After", "1");
    } catch (TimeoutException e) {
      status = 504;
      error =
          "no answer within "
              + settings.requestTimeout().toMillis()
              + " ms (mtc.serve.request-timeout); the "
              + "server is overloaded: retry later or send fewer sentences";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = 503;
      error = "interrupted while waiting for the model";
    } catch (MtcException e) {
      status = 400;
      error = e.getMessage();
    } catch (RuntimeException e) {
      status = 500;
      error = "internal error: " + e;
    }
    if (error != null) {
      if (status == 503) {
        ctx.header("Retry-After", "1");
      }
      JsonAnswers.respond(ctx, status, JsonAnswers.json(Map.of("error", error)));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    metrics.request(endpoint, status, seconds);
    log.request("POST", endpoint, status, sentences, seconds, error);
  }

  /** A 503 while the server is shutting down or the model is still loading. */
  private void refuseUnlessReady() {
    if (stopping) {
      throw new HttpError(
          503, "the server is shutting down; send the request to another instance", 1);
    }
    if (!ready) {
      throw new HttpError(
          503, "the model is still loading; retry shortly (GET /health says when it is ready)", 1);
    }
  }

  /** A 413 for a request of more than {@code mtc.serve.max-sentences} sentences. */
  private void refuseTooManySentences(int sentences) {
    if (sentences > settings.maxSentences()) {
      throw new HttpError(
          413,
          sentences
              + " sentences in one request; at most "
              + settings.maxSentences()
              + " (mtc.serve.max-sentences): split the request");
    }
  }

  /**
   * Stops taking requests (they are answered 503), waits up to {@code mtc.serve.drain-timeout} for
   * those in flight, stops listening and closes the classifier. Warns with the number of requests
   * still in flight when the timeout cut them off. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopping = true;
    long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int dropped = inFlight.get();
    if (dropped > 0) {
      DynamicBatcher b = batcher;
      warnings.accept(
          "mtc serve: "
              + dropped
              + (dropped == 1 ? " request was" : " requests were")
              + " still in "
              + "flight after the drain timeout of "
              + settings.drainTimeout().toMillis()
              + " ms ("
              + (b == null ? 0 : b.depth())
              + " sentences waiting in the batcher); their clients are disconnected without an answer: "
              + "raise mtc.serve.drain-timeout to let them finish");
    }
    http.stop();
    if (batcher != null) {
      batcher.close(Duration.ofSeconds(5));
    }
    if (classifier != null) {
      classifier.close();
    }
  }
}
