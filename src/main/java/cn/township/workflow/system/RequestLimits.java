package cn.township.workflow.system;

import org.springframework.stereotype.Component;

/**
 * Where a public endpoint gets its limit on requests per minute (per client address, per case…). Today each limit
 * counts in this node's memory ({@link RateLimiter}); a cluster-wide, database-backed limit replaces it here, and
 * the endpoints that ask for one stay as they are.
 */
@Component
public class RequestLimits {

  /** A limit on requests per key. */
  public interface Limit {
    /** True if the request may go ahead (and counts it), false if the key is over its limit. */
    boolean allow(String key);
  }

  /** At most {@code perMinute} requests per key in any sliding minute, for the requests of {@code purpose}. */
  public Limit perMinute(String purpose, int perMinute) {
    RateLimiter limiter = new RateLimiter(perMinute);
    return key -> limiter.allow(purpose + "|" + key, System.currentTimeMillis());
  }
}
