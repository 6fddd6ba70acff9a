package cn.township.workflow.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Counts the SQL statements an application sends through a DataSource, by kind (one per executeUpdate or batch
 * entry; selects per execution), and keeps the last statement that matched {@link #capture} with its parameters,
 * so that the benchmark can ask the database for that statement's plan.
 */
final class StatementCounter {

  final AtomicLong selects = new AtomicLong();
  final AtomicLong inserts = new AtomicLong();
  final AtomicLong updates = new AtomicLong();
  final AtomicLong deletes = new AtomicLong();
  final AtomicLong commits = new AtomicLong();
  /** statements by their first words ("insert into ACT_HI_DETAIL"), for finding where the writes go */
  final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> byTarget = new java.util.concurrent.ConcurrentHashMap<>();
  volatile String capture;
  volatile String capturedSql;
  volatile TreeMap<Integer, Object> capturedParameters;

  long writes() {
    return inserts.get() + updates.get() + deletes.get();
  }

  long[] snapshot() {
    return new long[] {selects.get(), inserts.get(), updates.get(), deletes.get(), commits.get()};
  }

  DataSource wrap(DataSource target) {
    return proxy(DataSource.class, target, (proxy, method, args) -> {
      Object result = invoke(target, method, args);
      return result instanceof Connection connection ? connection(connection) : result;
    });
  }

  private Connection connection(Connection target) {
    return proxy(Connection.class, target, (proxy, method, args) -> {
      Object result = invoke(target, method, args);
      if ("commit".equals(method.getName())) {
        commits.incrementAndGet();
      }
      if (result instanceof PreparedStatement statement && args != null && args[0] instanceof String sql) {
        return prepared(statement, sql);
      }
      return result;
    });
  }

  private PreparedStatement prepared(PreparedStatement target, String sql) {
    String kind = sql.stripLeading().toLowerCase(Locale.ROOT);
    boolean captured = capture != null && sql.contains(capture);
    TreeMap<Integer, Object> parameters = new TreeMap<>();
    return proxy(PreparedStatement.class, target, (proxy, method, args) -> {
      String name = method.getName();
      if (captured && name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer i) {
        parameters.put(i, name.equals("setNull") ? null : args[1]);
      }
      Object result = invoke(target, method, args);
      if (name.equals("addBatch") || name.equals("executeUpdate") || name.equals("execute")
          || name.equals("executeQuery")) {
        count(kind);
        String[] words = kind.split("\\s+", 4);
        String written = words.length >= 3 && !kind.startsWith("select") ? words[0] + " " + words[1] + " " + words[2]
            : "select";
        byTarget.computeIfAbsent(written, t -> new AtomicLong()).incrementAndGet();
        if (captured) {
          capturedSql = sql;
          capturedParameters = new TreeMap<>(parameters);
        }
      }
      return result;
    });
  }

  private void count(String kind) {
    if (kind.startsWith("insert")) {
      inserts.incrementAndGet();
    } else if (kind.startsWith("update")) {
      updates.incrementAndGet();
    } else if (kind.startsWith("delete")) {
      deletes.incrementAndGet();
    } else {
      selects.incrementAndGet();
    }
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, Object target, InvocationHandler handler) {
    Class<?>[] interfaces = type == Connection.class || type == PreparedStatement.class
        ? new Class<?>[] {type, Statement.class} : new Class<?>[] {type};
    return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), interfaces, handler);
  }
}
