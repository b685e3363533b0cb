package io.mcpbot.core.mcp.internal;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;

/**
 * Our own stdio transport: spawns the server with exactly the resolved environment (built from
 * nothing), owns the process tree and kills it for sure, connects once (a second connect, e.g. a
 * re-initialise after a late list_changed, fails instead of spawning), bounds stdout lines and
 * keeps stderr in a ring. With a launcher (e.g. {@code cmd -> sandbox.wrap(spec, cmd)}) the command
 * is started through it and close relies on the sandbox's PID namespace to end every descendant.
 * Thread-safe.
 */
public final class StdioTransport extends OwnTransport {
  // every server process is spawned from this one daemon thread (see spawn); its task never
  // throws, so the executor keeps this thread for the JVM's lifetime
  private static final ExecutorService SPAWNER =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("mcp-spawner").unstarted(r));

  private final ResolvedServer server;
  private final int maxLineBytes;
  private final Duration killGrace;
  private final UnaryOperator<List<String>> launcher;
  private final StderrRing stderr = new StderrRing(50, 8192);
  private final AtomicBoolean connected = new AtomicBoolean();
  private final CompletableFuture<Void> dead = new CompletableFuture<>();
  private final Object writeLock = new Object();
  private volatile Process process;
  private volatile OutputStream stdin;
  private Thread outThread;
  private Thread errThread;

  /** Starts the server's command as is (no sandbox). */
  public StdioTransport(
      ResolvedServer server, McpJsonMapper mapper, int maxLineBytes, Duration killGrace) {
    this(server, mapper, maxLineBytes, killGrace, null);
  }

  /**
   * Starts the server's command through {@code launcher}, which returns the argv to spawn (a
   * sandbox wrapper whose first process is the PID namespace's parent); null means no launcher.
   */
  public StdioTransport(
      ResolvedServer server,
      McpJsonMapper mapper,
      int maxLineBytes,
      Duration killGrace,
      UnaryOperator<List<String>> launcher) {
    super(mapper);
    this.server = server;
    this.maxLineBytes = maxLineBytes;
    this.killGrace = killGrace;
    this.launcher = launcher;
  }

  @Override
  public Mono<Void> connect(
      Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    return Mono.fromRunnable(() -> start(handler));
  }

  private void start(
      Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    if (isClosed() || !connected.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "session of server '"
              + server.server()
              + "' already connected or closed; not respawning");
    }
    ProcessBuilder pb = new ProcessBuilder();
    try {
      pb.command(launcher == null ? command() : launcher.apply(command()));
    } catch (RuntimeException e) {
      String msg =
          "server '" + server.server() + "' could not start in its sandbox: " + e.getMessage();
      dead.completeExceptionally(new IOException(server.mask(msg)));
      throw new IllegalStateException(server.mask(msg), e);
    }
    pb.environment().clear();
    pb.environment().putAll(server.env());
    pb.directory(server.userDir().toFile());
    Process p;
    try {
      p = spawn(pb);
    } catch (IOException e) {
      String msg = "could not start '" + server.command() + "': " + e.getMessage();
      dead.completeExceptionally(new IOException(server.mask(msg)));
      throw new IllegalStateException(server.mask(msg));
    }
    synchronized (this) {
      process = p;
      stdin = p.getOutputStream();
      outThread =
          Thread.ofPlatform()
              .daemon()
              .name("mcp-" + server.server() + "-out")
              .start(() -> readStdout(p.getInputStream(), handler));
      errThread =
          Thread.ofPlatform()
              .daemon()
              .name("mcp-" + server.server() + "-err")
              .start(() -> stderr.drain(p.getErrorStream()));
    }
    if (isClosed()) { // closed while starting: do not leave the process behind
      terminate();
    }
  }

  /**
   * Starts the process from {@link #SPAWNER}. bubblewrap's {@code --die-with-parent}
   * (PR_SET_PDEATHSIG) ties a sandbox to the <em>thread</em> that spawned it, not to the JVM:
   * started from a thread that later ends (a pool worker, a virtual thread's carrier), the sandbox
   * was killed with that thread, and when that happened while bubblewrap was still setting up, its
   * inner process and the server survived as orphans holding the user's credentials. One thread
   * that lives as long as the JVM spawns every server, so the sandbox ends with the bot and only
   * then. An interrupt while the spawn runs is kept for the caller, never leaving a process behind
   * unknown to this transport.
   */
  private static Process spawn(ProcessBuilder pb) throws IOException {
    Future<Process> started = SPAWNER.submit(pb::start);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return started.get();
        } catch (InterruptedException e) {
          interrupted = true; // a spawn takes milliseconds: wait for its process, then report
        } catch (ExecutionException e) {
          throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private List<String> command() {
    var cmd = new ArrayList<String>();
    cmd.add(server.command());
    cmd.addAll(server.args());
    return cmd;
  }

  private void readStdout(
      InputStream in,
      Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    byte[] buf = new byte[65536];
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    String failure = "server '" + server.server() + "' closed its output (process exited)";
    boolean overlong = false;
    try {
      int n;
      outer:
      while ((n = in.read(buf)) > 0) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            line.write(buf, start, i - start);
            start = i + 1;
            dispatch(line, handler);
            line.reset();
          }
        }
        line.write(buf, start, n - start);
        if (line.size() > maxLineBytes) {
          failure =
              "server '"
                  + server.server()
                  + "' sent a stdout line longer than "
                  + maxLineBytes
                  + " bytes; the session was closed (a server must print one JSON-RPC message per"
                  + " line and log to stderr)";
          overlong = true;
          break outer;
        }
      }
    } catch (IOException e) {
      // pipe closed at shutdown
    }
    line.reset();
    if (!overlong) {
      awaitStderr();
    }
    dead.completeExceptionally(new IOException(failure));
    if (!isClosed()) {
      Thread.ofVirtual().start(this::terminate);
    }
  }

  /**
   * Lets the stderr reader take in what a dying process wrote last (e.g. bubblewrap's "execvp ...:
   * No such file or directory"), so the failure quotes it; bounded, as a detached descendant may
   * hold stderr open.
   */
  private void awaitStderr() {
    Thread err;
    synchronized (this) {
      err = errThread;
    }
    if (err != null && !isClosed()) {
      try {
        err.join(Duration.ofSeconds(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void dispatch(
      ByteArrayOutputStream line,
      Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    if (isClosed()) {
      return; // a late notification after close must not reach the client (it would re-list)
    }
    String s = line.toString(StandardCharsets.UTF_8).strip();
    if (!s.startsWith("{")) {
      if (!s.isEmpty()) {
        stderr.add("[stdout] " + shorten(s));
      }
      return; // banners and other noise some servers print on stdout
    }
    McpSchema.JSONRPCMessage msg;
    try {
      msg = McpSchema.deserializeJsonRpcMessage(mapper, s);
    } catch (IOException | RuntimeException e) {
      stderr.add("[stdout, not JSON-RPC] " + shorten(s));
      return;
    }
    handler.apply(Mono.just(msg)).subscribe(m -> {}, e -> {});
  }

  private static String shorten(String s) {
    return s.length() > 200 ? s.substring(0, 200) + StderrRing.CUT : s;
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return Mono.fromRunnable(
        () -> {
          OutputStream out = stdin;
          if (out == null || isClosed() || dead.isDone()) {
            throw new IllegalStateException("session of '" + server.server() + "' is closed");
          }
          try {
            byte[] bytes = mapper.writeValueAsBytes(message);
            synchronized (writeLock) {
              out.write(bytes);
              out.write('\n');
              out.flush();
            }
          } catch (IOException e) {
            throw new IllegalStateException(
                "could not write to server '" + server.server() + "': " + e.getMessage());
          }
        });
  }

  /** Completes exceptionally (with a user-facing message) once the server is gone. */
  @Override
  public CompletableFuture<Void> death() {
    return dead;
  }

  public long pid() {
    Process p = process;
    return p == null ? -1 : p.pid();
  }

  /** The stderr tail with the user's secrets masked. */
  public String stderrTail() {
    return server.mask(stderr.tail());
  }

  @Override
  void shutdown() {
    terminate();
  }

  private void terminate() {
    Process p;
    Thread out;
    Thread err;
    synchronized (this) {
      p = process;
      out = outThread;
      err = errThread;
    }
    if (p == null) {
      dead.completeExceptionally(new IOException("session closed"));
      return;
    }
    try {
      p.getOutputStream().close();
    } catch (IOException e) {
      // already broken
    }
    if (launcher != null) {
      ProcessTree.killNamespace(p.toHandle(), killGrace);
    } else {
      ProcessTree.kill(p.toHandle(), killGrace);
    }
    join(out);
    join(err);
    closeQuietly(p.getInputStream());
    closeQuietly(p.getErrorStream());
    dead.completeExceptionally(new IOException("session closed"));
  }

  private static void join(Thread t) {
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
