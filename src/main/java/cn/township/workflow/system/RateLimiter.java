package cn.township.workflow.system;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** At most {@code limit} requests per key (a client address) in any sliding minute. In memory, per node. */
public class RateLimiter {

  private static final long WINDOW_MILLIS = 60_000;
  private static final int MAX_KEYS = 100_000;

  private final int limit;
  private final Map<String, Deque<Long>> recent = new ConcurrentHashMap<>();

  public RateLimiter(int limit) {
    this.limit = limit;
  }

  /** True if the request may go ahead (and counts it), false if the key is over its limit. */
  public boolean allow(String key, long nowMillis) {
    if (recent.size() > MAX_KEYS) {
      recent.clear(); // a flood of distinct keys must not exhaust memory
    }
    Deque<Long> times = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      while (!times.isEmpty() && nowMillis - times.peekFirst() >= WINDOW_MILLIS) {
        times.pollFirst();
      }
      if (times.size() >= limit) {
        return false;
      }
      times.addLast(nowMillis);
      return true;
    }
  }
}
