package org.mtc.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The one launcher of child JVMs: offline DJL, the main class by its Class, the thread defaults.
 */
class JavaLauncherTest {
  @Test
  void theCommandNamesTheMainClassAfterTheOptionsAndKeepsDjlOffline() {
    List<String> command =
        JavaLauncher.command(List.of("-Xmx64m"), JavaLauncherTest.class, List.of("a", "b"));
    assertThat(command.get(0)).isEqualTo(JavaLauncher.java());
    assertThat(command)
        .containsSubsequence(
            "-Xmx64m",
            "-Dai.djl.offline=true",
            "-cp",
            System.getProperty("java.class.path"),
            JavaLauncherTest.class.getName(),
            "a",
            "b");
    assertThat(command.subList(command.size() - 3, command.size()))
        .containsExactly(JavaLauncherTest.class.getName(), "a", "b");
  }

  @Test
  void theEnvironmentTurnsTrackingOffAndWaitsPassively() {
    var env =
        JavaLauncher.processBuilder(List.of(), JavaLauncherTest.class, List.of()).environment();
    assertThat(env).containsEntry("OPT_OUT_TRACKING", "true");
    if (NativeThreadEnv.WAIT_VARIABLES.stream().noneMatch(v -> System.getenv(v) != null)) {
      assertThat(env).containsEntry("OMP_WAIT_POLICY", "PASSIVE");
    }
  }

  @Test
  void aChildDoesNotOutliveItsParentStoppedBySigterm() throws Exception {
    Process parent =
        JavaLauncher.start(
            JavaLauncher.processBuilder(List.of("-Xmx32m"), Parent.class, List.of()));
    long child;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      child = Long.parseLong(out.readLine().strip());
      assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).contains(true);
      parent.destroy(); // SIGTERM
      assertThat(parent.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false))
        .as("child " + child)
        .isFalse();
  }

  /** Starts a sleeping child through the launcher, prints its PID and waits to be stopped. */
  static final class Parent {
    public static void main(String[] args) throws Exception {
      Process child =
          JavaLauncher.start(
              JavaLauncher.processBuilder(List.of("-Xmx32m"), Sleeper.class, List.of()));
      System.out.println(child.pid());
      System.out.flush();
      Thread.sleep(60_000);
    }
  }

  /** Sleeps a minute. */
  static final class Sleeper {
    public static void main(String[] args) throws Exception {
      Thread.sleep(60_000);
    }
  }
}
