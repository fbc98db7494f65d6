package org.mtc.serve;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mtc.core.MtcException;
import org.mtc.core.engine.OtherEngineSettings;
import org.mtc.library.Mtc;
import org.mtc.library.MtcOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mtc serve}: serves a trained model directory or an exported {@code .onnx} file over HTTP
 * as a DREAM annotator ({@link AnnotatorServer}) until SIGTERM or SIGINT, then drains and exits 0.
 * Registered in the command line's {@code Main}; {@link #main} runs it alone (the child JVM of
 * {@code mtc bench serve}).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a model over HTTP as a DREAM annotator: POST /model, /batch_model, /predict; GET /health, "
          + "/metrics (docs/serve.md).",
      "Stops on SIGTERM or Ctrl-C: requests in flight are answered first."
    })
public final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description =
          "Trained model directory (or a training run directory holding model/), or a .onnx file "
              + "written by mtc export onnx.")
  Path model;

  @Option(
      names = "--engine",
      paramLabel = "NAME",
      description = "Engine: onnx (default: mtc.inference.engine), djl, tf.")
  String engine;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Interface (default mtc.serve.host: 127.0.0.1).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Port (default mtc.serve.port: 8087; 0: any free).")
  Integer port;

  @Option(
      names = "--max-batch",
      paramLabel = "N",
      description =
          "Sentences per model call (default mtc.serve.max-batch: 32; 1 turns dynamic batching off).")
  Integer maxBatch;

  @Option(
      names = "--max-delay",
      paramLabel = "DURATION",
      description = "Longest wait for a batch to fill, e.g. 5ms (default mtc.serve.max-delay).")
  String maxDelay;

  @Option(
      names = "--listen-when-ready",
      description =
          "Open the port only once the model is loaded and warmed up (mtc.serve.listen = "
              + "when-ready), for orchestrators that wait for the port alone; default: at start, "
              + "with GET /health answering 503 until ready.")
  boolean listenWhenReady;

  @Mixin ConfigOptions config;

  @Override
  public Integer call() throws InterruptedException {
    quietServerLogs();
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("mtc.backbone.engine", engine);
    values.put("mtc.serve.host", host);
    values.put("mtc.serve.port", port);
    values.put("mtc.serve.max-batch", maxBatch);
    values.put("mtc.serve.max-delay", maxDelay);
    values.put("mtc.serve.listen", listenWhenReady ? ServeSettings.Listen.WHEN_READY.key() : null);
    Config settings = config.layers(values).load(List.of());
    ServeSettings serve = ServeSettings.from(settings);
    warnIgnored(config.layers(values).given(List.of()), settings, serve);
    if (!Files.exists(model)) {
      throw new MtcException(
          "--model "
              + model
              + " does not exist; pass a trained model directory (mtc train --out "
              + "DIR) or a .onnx file written by mtc export onnx");
    }
    Mtc.check(model); // a folder that is no model fails now, not after the port is open
    Mtc.checkEngine(model, engine);
    CountDownLatch stop = new CountDownLatch(1);
    onSignal("TERM", stop);
    onSignal("INT", stop);
    System.err.println(
        "mtc serve: loading "
            + model
            + (serve.listen() == ServeSettings.Listen.AT_START
                ? " (listening on "
                : " (the port opens once it is loaded and warmed up: ")
            + serve.host()
            + ":"
            + serve.port()
            + ")");
    AnnotatorServer server =
        AnnotatorServer.start(
            () ->
                Mtc.open(
                    model, MtcOptions.defaults().settings(settings).batchSize(serve.maxBatch())),
            serve);
    Thread hook = new Thread(server::close, "mtc-serve-shutdown");
    Runtime.getRuntime()
        .addShutdownHook(hook); // other ways out of the JVM still drain and close the model
    printReady(serve, server);
    stop.await();
    System.err.println("mtc serve: stopping: answering the requests in flight");
    server.close();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
    System.err.println("mtc serve: stopped");
    return 0;
  }

  /** The ready line: where the server listens, its batching and its warm-up. */
  private static void printReady(ServeSettings serve, AnnotatorServer server) {
    System.err.println(
        "mtc serve: ready on http://"
            + serve.host()
            + ":"
            + server.port()
            + " (max-batch "
            + serve.maxBatch()
            + ", max-delay "
            + serve.maxDelay().toMillis()
            + " ms; "
            + server.warmUpRounds()
            + " warm-up rounds of batches up to "
            + serve.maxBatch()
            + " in "
            + serve.warmUp().toSeconds()
            + " s)");
  }

  /**
   * One warning line for each kind of given setting that does nothing here: another engine's
   * settings, and a --max-delay while --max-batch 1 turns batching off.
   */
  private void warnIgnored(Config given, Config settings, ServeSettings serve) {
    String running = engine != null ? engine : Mtc.engineFor(model, settings);
    List<String> other = OtherEngineSettings.of(given, running);
    if (!other.isEmpty()) {
      System.err.println("mtc: warning: " + OtherEngineSettings.message(other, running));
    }
    if (maxDelay != null && serve.maxBatch() == 1) {
      System.err.println(
          "mtc: warning: --max-delay does nothing with max-batch 1: every request is answered "
              + "alone, without waiting for a batch to fill");
    }
  }

  /**
   * Jetty's and Javalin's start-up lines say nothing the ready line does not; their warnings stay.
   */
  private static void quietServerLogs() {
    System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.io.javalin", "warn");
  }

  /**
   * SIGTERM and SIGINT end the wait instead of the JVM, so that the server drains and the exit code
   * is 0.
   */
  @SuppressWarnings("removal")
  private static void onSignal(String name, CountDownLatch stop) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.countDown());
    } catch (IllegalArgumentException e) {
      // the signal is not available here (or the JVM uses it); the shutdown hook still drains
    }
  }

  /**
   * Runs {@code mtc serve} alone: {@code java -cp ... org.mtc.serve.ServeCommand --model DIR ...}.
   */
  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new ServeCommand());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          Throwable t = e;
          while (!(t instanceof MtcException) && t.getCause() != null) {
            t = t.getCause();
          }
          cmd.getErr()
              .println(
                  "mtc serve: "
                      + (t instanceof MtcException ? t.getMessage() : "unexpected error: " + e));
          return t instanceof MtcException ? 2 : 1;
        });
    System.exit(cli.execute(args));
  }
}
