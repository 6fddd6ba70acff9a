package cn.township.workflow.support;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Work that every node of a cluster runs on its schedule, run twice at once on two connections, as two nodes would. */
public final class TwoNodes {

  private TwoNodes() {
  }

  /** Runs {@code work} on two threads at once; returns the sum of what both returned (each failure is rethrown). */
  public static int atOnce(Callable<Integer> work) throws Exception {
    ExecutorService nodes = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> first = nodes.submit(work);
      Future<Integer> second = nodes.submit(work);
      return first.get() + second.get();
    } finally {
      nodes.shutdown();
    }
  }
}
