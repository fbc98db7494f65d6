package org.mtc.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mtc.core.settings.Settings;
import org.mtc.library.Mtc;
import org.mtc.library.MtcOptions;
import org.mtc.tasks.predict.Classifier;

/** Test helpers: servers on 127.0.0.1 and a free port, and an HTTP client for them. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  private Http() {}

  /**
   * Settings: the reference with {@code overrides} (HOCON under mtc.serve), port 0 on loopback, no
   * request log and no warm-up rounds (only the one warm-up request).
   */
  static ServeSettings settings(String overrides) {
    return ServeSettings.from(
        Settings.load(
            List.of(),
            ConfigFactory.parseString(
                "mtc.serve { port = 0, host = \"127.0.0.1\", log-lines-per-second = 0, warm-up = 0s }\nmtc.serve {"
                    + overrides
                    + "}")));
  }

  static Supplier<Classifier> model() {
    return () -> Mtc.open(ServedModel.onnx(), MtcOptions.defaults().engine("onnx"));
  }

  static HttpResponse<String> post(AnnotatorServer server, String path, String body)
      throws IOException, InterruptedException {
    return post(server.port(), path, body);
  }

  static HttpResponse<String> post(int port, String path, String body)
      throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  static String body(Object value) throws IOException {
    return JSON.writeValueAsString(value);
  }

  static String body(String key, Object value) throws IOException {
    return JSON.writeValueAsString(Map.of(key, value));
  }
}
