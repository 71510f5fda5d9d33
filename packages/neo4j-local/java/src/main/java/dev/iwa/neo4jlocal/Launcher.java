package dev.iwa.neo4jlocal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Starts Neo4j Community embedded with a Bolt connector on 127.0.0.1.
 *
 * <p>Arguments: {@code --data DIR [--port N] [--host H] [--pagecache BYTES] [--watch-stdin]
 * [--parent-pid PID]}. Prints exactly one line {@code IWA_NEO4J_READY bolt://host:port} on stdout
 * when Bolt accepts connections. Shuts down cleanly on SIGTERM/SIGINT, when stdin closes (with
 * {@code --watch-stdin}) or when the parent process is gone (with {@code --parent-pid}).
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) throws Exception {
    Path data = null;
    int port = 0;
    String host = "127.0.0.1";
    long pageCache = 64L * 1024 * 1024;
    boolean watchStdin = false;
    long parentPid = -1;
    StringBuilder settings = new StringBuilder();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--data" -> data = Path.of(next(args, ++i, a));
        case "--port" -> port = Integer.parseInt(next(args, ++i, a));
        case "--host" -> host = next(args, ++i, a);
        case "--pagecache" -> pageCache = Long.parseLong(next(args, ++i, a));
        case "--watch-stdin" -> watchStdin = true;
        case "--parent-pid" -> parentPid = Long.parseLong(next(args, ++i, a));
        case "--setting" -> {
          String setting = next(args, ++i, a);
          if (setting.indexOf('=') <= 0 || setting.contains("\n")) {
            fail("--setting takes one name=value, not " + setting);
          }
          settings.append(setting).append('\n');
        }
        default -> fail("unknown argument " + a);
      }
    }
    if (data == null) {
      fail("--data DIR is required");
    }
    Files.createDirectories(data);
    Path home = data.toAbsolutePath();

    DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
    Path settingsFile = null;
    if (settings.length() > 0) {
      // the embedded builder takes raw name=value settings only from a file (validated by Neo4j:
      // an unknown name or a bad value stops the start with Neo4j's own message)
      settingsFile = Files.createTempFile(data, "iwa-settings-", ".conf");
      Files.writeString(settingsFile, settings);
      builder.loadPropertiesFromFile(settingsFile);
    }
    DatabaseManagementService dbms =
        builder
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
            .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
            .setConfig(HttpConnector.enabled, false)
            .setConfig(HttpsConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, false)
            .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
            .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10))
            .build();
    if (settingsFile != null) {
      Files.delete(settingsFile);
    }

    CountDownLatch stopped = new CountDownLatch(1);
    Thread shutdown =
        new Thread(
            () -> {
              try {
                dbms.shutdown();
              } finally {
                stopped.countDown();
              }
            },
            "iwa-neo4j-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);

    GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    ConnectorPortRegister ports =
        ((GraphDatabaseAPI) db).getDependencyResolver().resolveDependency(ConnectorPortRegister.class);
    var bound = ports.getLocalAddress(ConnectorType.BOLT);
    if (bound == null) {
      fail("Bolt connector did not bind");
    }
    System.out.println("IWA_NEO4J_READY bolt://" + host + ":" + bound.getPort());
    System.out.flush();

    if (watchStdin) {
      Thread t = new Thread(Launcher::waitForStdinEof, "iwa-neo4j-stdin");
      t.setDaemon(true);
      t.start();
    }
    if (parentPid > 0) {
      final long pid = parentPid;
      Thread t =
          new Thread(
              () -> {
                while (true) {
                  boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                  if (!alive) {
                    System.exit(0);
                  }
                  try {
                    Thread.sleep(1000);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "iwa-neo4j-parent");
      t.setDaemon(true);
      t.start();
    }
    stopped.await();
  }

  private static void waitForStdinEof() {
    InputStream in = System.in;
    byte[] buf = new byte[256];
    try {
      while (in.read(buf) >= 0) {
        // keep reading until the parent closes the pipe
      }
    } catch (IOException e) {
      // the pipe broke: the parent is gone
    }
    System.exit(0);
  }

  private static String next(String[] args, int i, String flag) {
    if (i >= args.length) {
      fail(flag + " needs a value");
    }
    return args[i];
  }

  private static void fail(String message) {
    System.err.println("iwa-neo4j-launcher: " + message);
    System.exit(2);
  }

}
