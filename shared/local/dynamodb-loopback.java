import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local as its own ServerRunner builds it, but listening on 127.0.0.1 only (its Jetty
 * connector has no host otherwise, so it takes every interface), and gone once its parent is.
 */
class DynamoDbLoopback {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    long parent = parentPid();
    Thread watchdog = new Thread(() -> {
      // Reparented: whoever started us is gone, even if it was killed without a chance to stop us.
      while (parentPid() == parent) {
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          return;
        }
      }
      System.exit(0);
    }, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    proxy.start();
    // start() prints why it could not listen (port taken) and returns; the parent reads that.
    if (!server.isStarted()) System.exit(1);
  }

  private static long parentPid() {
    return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
  }
}
