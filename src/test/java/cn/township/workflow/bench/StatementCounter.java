package cn.township.workflow.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.ibatis.cache.CacheKey;
import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;
import org.apache.ibatis.session.ResultHandler;
import org.apache.ibatis.session.RowBounds;

/**
 * Counts the SQL statements an application sends through a DataSource, by kind (one per executeUpdate or batch
 * entry; selects per execution), and keeps the last statement that matched {@link #capture} with its parameters,
 * so that the benchmark can ask the database for that statement's plan.
 *
 * <p>Each statement is also counted by its kind and main table ({@link #byTarget}: "select ACT_RU_VARIABLE",
 * "insert into ACT_HI_VARINST"), by the engine's MyBatis statement id when the engine sent it ({@link #byStatement}:
 * "select ACT_RU_VARIABLE selectVariablesByExecutionId"; the id comes from {@link #mybatisIds()}, an interceptor the
 * benchmark adds to the engine's MyBatis configuration) or by its text when our code sent it, and, with
 * {@link #callers} on (slow: a stack walk per statement), by the project class that caused it.
 * {@link #roundTrips} counts what reaches the database: one per execution and one per executeBatch, however many
 * entries the batch holds (the engine batches its inserts, updates and deletes at flush: jdbcBatchProcessing).
 */
final class StatementCounter {

  final AtomicLong selects = new AtomicLong();
  final AtomicLong inserts = new AtomicLong();
  final AtomicLong updates = new AtomicLong();
  final AtomicLong deletes = new AtomicLong();
  final AtomicLong commits = new AtomicLong();
  final AtomicLong roundTrips = new AtomicLong();
  /** statements by kind and main table ("insert into ACT_HI_DETAIL", "select ACT_RU_VARIABLE") */
  final ConcurrentHashMap<String, AtomicLong> byTarget = new ConcurrentHashMap<>();
  /** statements by kind, table and MyBatis id (engine) or abridged text (our code) */
  final ConcurrentHashMap<String, AtomicLong> byStatement = new ConcurrentHashMap<>();
  /** statements by kind, table, id and the innermost project class on the stack (only with {@link #callers}) */
  final ConcurrentHashMap<String, AtomicLong> byCaller = new ConcurrentHashMap<>();
  volatile boolean callers;
  volatile String capture;
  volatile String capturedSql;
  volatile TreeMap<Integer, Object> capturedParameters;

  /** the MyBatis statement the engine is executing on this thread (set by {@link #mybatisIds()}) */
  private static final ThreadLocal<String> MYBATIS_ID = new ThreadLocal<>();
  private static final Pattern TABLE = Pattern.compile(
      "^(?:select\\b.*?\\bfrom|insert\\s+into|update|delete\\s+from|delete)\\s+([a-z_][a-z0-9_.]*)",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern FROM = Pattern.compile("\\bfrom\\s+([a-z_][a-z0-9_.]*)",
      Pattern.CASE_INSENSITIVE);

  long writes() {
    return inserts.get() + updates.get() + deletes.get();
  }

  long[] snapshot() {
    return new long[] {selects.get(), inserts.get(), updates.get(), deletes.get(), commits.get(), roundTrips.get()};
  }

  void clearBreakdown() {
    byTarget.clear();
    byStatement.clear();
    byCaller.clear();
  }

  DataSource wrap(DataSource target) {
    return proxy(DataSource.class, target, (proxy, method, args) -> {
      Object result = invoke(target, method, args);
      return result instanceof Connection connection ? connection(connection) : result;
    });
  }

  /** A MyBatis interceptor that tells the counter which of the engine's mapped statements runs. */
  static Interceptor mybatisIds() {
    return new MybatisIds();
  }

  @Intercepts({
      @Signature(type = Executor.class, method = "update", args = {MappedStatement.class, Object.class}),
      @Signature(type = Executor.class, method = "query",
          args = {MappedStatement.class, Object.class, RowBounds.class, ResultHandler.class}),
      @Signature(type = Executor.class, method = "query",
          args = {MappedStatement.class, Object.class, RowBounds.class, ResultHandler.class, CacheKey.class,
              BoundSql.class})})
  static final class MybatisIds implements Interceptor {
    @Override
    public Object intercept(Invocation invocation) throws Throwable {
      String outer = MYBATIS_ID.get();
      String id = ((MappedStatement) invocation.getArgs()[0]).getId();
      MYBATIS_ID.set(id.substring(id.lastIndexOf('.') + 1));
      try {
        return invocation.proceed();
      } finally {
        MYBATIS_ID.set(outer);
      }
    }

    @Override
    public void setProperties(Properties properties) {
      // none
    }
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
      if (result instanceof Statement statement && !(result instanceof PreparedStatement)) {
        return plain(statement);
      }
      return result;
    });
  }

  /** a Statement without parameters (JdbcTemplate's update(sql) without arguments): the text comes with the call */
  private Statement plain(Statement target) {
    return proxy(Statement.class, target, (proxy, method, args) -> {
      String name = method.getName();
      Object result = invoke(target, method, args);
      if (name.startsWith("execute")) {
        roundTrips.incrementAndGet();
      }
      if ((name.startsWith("execute") || name.equals("addBatch")) && args != null && args.length > 0
          && args[0] instanceof String sql) {
        String kind = sql.stripLeading().toLowerCase(Locale.ROOT);
        count(kind);
        breakdown(kind);
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
      if (name.equals("executeBatch") || name.equals("executeUpdate") || name.equals("execute")
          || name.equals("executeQuery")) {
        roundTrips.incrementAndGet();
      }
      if (name.equals("addBatch") || name.equals("executeUpdate") || name.equals("execute")
          || name.equals("executeQuery")) {
        count(kind);
        breakdown(kind);
        if (captured) {
          capturedSql = sql;
          capturedParameters = new TreeMap<>(parameters);
        }
      }
      return result;
    });
  }

  private void breakdown(String sql) {
    String kind = sql.startsWith("insert") ? "insert into" : sql.startsWith("update") ? "update"
        : sql.startsWith("delete") ? "delete from" : "select";
    String table = table(sql);
    String target = kind + " " + table;
    increment(byTarget, target);
    String id = MYBATIS_ID.get();
    String statement = target + "  " + (id != null ? id : abridged(sql));
    increment(byStatement, statement);
    if (callers) {
      increment(byCaller, statement + "  ← " + caller());
    }
  }

  /** the table a statement reads or writes first: the FROM of a select (the first named one), the target of a write */
  static String table(String sql) {
    Matcher matcher = TABLE.matcher(sql);
    if (matcher.find()) {
      return matcher.group(1).toUpperCase(Locale.ROOT);
    }
    Matcher from = FROM.matcher(sql);
    return from.find() ? from.group(1).toUpperCase(Locale.ROOT) : "?";
  }

  static String abridged(String sql) {
    String flat = sql.replaceAll("\\s+", " ").strip();
    return flat.length() <= 110 ? flat : flat.substring(0, 110) + "…";
  }

  /**
   * the innermost class of the project on the stack (not the benchmark, not our command interceptors every call
   * passes), with its method: who caused the statement; else the engine command. A write the engine flushes at the
   * end of a command shows that command: the engine queues writes, so the stack no longer names who asked for them.
   */
  static String caller() {
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> {
      String command = null;
      boolean flush = false;
      for (StackWalker.StackFrame frame : (Iterable<StackWalker.StackFrame>) frames::iterator) {
        String name = frame.getClassName();
        if (name.startsWith("cn.township.workflow.") && !name.startsWith("cn.township.workflow.bench.")
            && !org.camunda.bpm.engine.impl.interceptor.CommandInterceptor.class.isAssignableFrom(
                frame.getDeclaringClass())) {
          return name.substring("cn.township.workflow.".length()).replaceAll("\\$\\$.*", "") + "."
              + frame.getMethodName();
        }
        flush |= name.endsWith(".DbEntityManager") && frame.getMethodName().equals("flush");
        if (command == null && name.startsWith("org.camunda.bpm.engine.impl.cmd.")) {
          command = name.substring(name.lastIndexOf('.') + 1);
        }
      }
      return flush ? "engine, at the command's flush" : "engine " + (command != null ? command : "(no command class)");
    });
  }

  private static void increment(ConcurrentHashMap<String, AtomicLong> counts, String key) {
    counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
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
