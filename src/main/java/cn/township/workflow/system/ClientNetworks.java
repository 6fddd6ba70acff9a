package cn.township.workflow.system;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * What a client's address counts as for the limits on public endpoints and logins. An IPv6 client counts by its
 * /64, the network one line is given: a home or mobile line holds 2^64 addresses, so counting each let one machine
 * pass every per-address limit by changing its address, and a clerk whose address changes daily (IPv6 privacy
 * addresses) was never at a "known" address (found by the seventh attacker's review). IPv4 (also IPv4-mapped) counts
 * by its address; anything else (a proxy's "unknown") as it is.
 */
public final class ClientNetworks {

  /** An IP address literal with a colon (IPv6, possibly in brackets or with a zone): parsed without a name lookup. */
  private static final Pattern IPV6_LITERAL = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z_.-]+)?\\]?");
  private static final String SLASH_64 = "::/64";

  private ClientNetworks() {}

  /** The address in one spelling: an IPv6 literal as Java writes it (every group, no zone); anything else as it is. */
  public static String canonical(String address) {
    InetAddress parsed = ipv6Literal(address);
    return parsed == null ? address : parsed.getHostAddress().replaceAll("%.*", "");
  }

  /** The key a client is counted by: an IPv6 address's /64 ({@code 2001:db8:1:2::/64}), anything else as it is. */
  public static String network(String address) {
    InetAddress parsed = ipv6Literal(address);
    if (!(parsed instanceof Inet6Address)) {
      return parsed == null ? address : parsed.getHostAddress();
    }
    byte[] bytes = parsed.getAddress();
    StringBuilder prefix = new StringBuilder();
    for (int group = 0; group < 4; group++) {
      prefix.append(Integer.toHexString((bytes[2 * group] & 0xff) << 8 | bytes[2 * group + 1] & 0xff)).append(':');
    }
    return prefix.deleteCharAt(prefix.length() - 1).append(SLASH_64).toString();
  }

  /**
   * A LIKE pattern (escape character {@code !}) matching every {@link #canonical} address of {@code address}'s network:
   * the /64's first four groups for IPv6, the address itself otherwise.
   */
  public static String likePattern(String address) {
    String network = network(address);
    return network.endsWith(SLASH_64) ? network.substring(0, network.length() - SLASH_64.length()) + ":%"
        : network.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  private static InetAddress ipv6Literal(String address) {
    if (address == null || !IPV6_LITERAL.matcher(address).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(address.replace("[", "").replace("]", ""));
    } catch (UnknownHostException malformed) {
      return null;
    }
  }
}
