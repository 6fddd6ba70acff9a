package cn.township.workflow.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;

/**
 * A browser's session with the Camunda webapps (Tasklist, Cockpit, Admin): cookies and the XSRF token, as the
 * webapps' own pages send them. {@link #login} posts the login form; {@link #get} and {@link #post} then call the
 * webapps' API ({@code /camunda/api/…}) with that session.
 */
public final class WebappSession {

  private final CookieManager cookies = new CookieManager();
  private final HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
  private final String base;

  public WebappSession(int port) {
    this.base = "http://localhost:" + port;
  }

  /** The XSRF token of this session, fetched as the webapps' pages do with a first GET. */
  private String token() throws IOException, InterruptedException {
    if (xsrfCookie() == null) {
      refreshToken();
    }
    return xsrfCookie();
  }

  /** A login starts a new session; its token comes with the next GET, as in the browser. */
  private void refreshToken() throws IOException, InterruptedException {
    browser.send(HttpRequest.newBuilder(URI.create(base + "/camunda/api/engine/engine/")).build(),
        BodyHandlers.ofString());
  }

  /** The id of this browser's webapp session (cookie JSESSIONID), or null before a request made one. */
  public String sessionId() {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
        .map(java.net.HttpCookie::getValue).reduce((first, last) -> last).orElse(null);
  }

  private String xsrfCookie() {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
        .map(java.net.HttpCookie::getValue).reduce((first, last) -> last).orElse(null);
  }

  /** Posts the webapps' login form for {@code app} (tasklist, cockpit, admin); returns the response. */
  public HttpResponse<String> login(String user, String password, String app) throws IOException, InterruptedException {
    return form("/camunda/api/admin/auth/user/default/login/" + app, "username=" + encode(user) + "&password="
        + encode(password), null);
  }

  /** The same login, as if sent from {@code address} through the trusted load balancer (X-Forwarded-For). */
  public HttpResponse<String> loginFrom(String address, String user, String password, String app)
      throws IOException, InterruptedException {
    return form("/camunda/api/admin/auth/user/default/login/" + app, "username=" + encode(user) + "&password="
        + encode(password), address);
  }

  /** The login form for {@code app} as written by the caller ({@code rawForm}, already URL-encoded), from {@code address}. */
  public HttpResponse<String> loginFormFrom(String address, String app, String rawForm)
      throws IOException, InterruptedException {
    return form("/camunda/api/admin/auth/user/default/login/" + app, rawForm, address);
  }

  /** A form posted to {@code path} as written (an address spelled otherwise), from {@code address}. */
  public HttpResponse<String> formTo(String path, String address, String rawForm)
      throws IOException, InterruptedException {
    return form(path, rawForm, address);
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return browser.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-XSRF-TOKEN", token())
        .header("Accept", "application/json").build(), BodyHandlers.ofString());
  }

  public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return browser.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-XSRF-TOKEN", token())
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(BodyPublishers.ofString(json)).build(), BodyHandlers.ofString());
  }

  /** A POST of another kind of body (a multipart form, say) with this session. */
  public HttpResponse<String> post(String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return browser.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-XSRF-TOKEN", token())
        .header("Content-Type", contentType).header("Accept", "application/json")
        .POST(BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofString());
  }

  public HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
    return browser.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-XSRF-TOKEN", token())
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .PUT(BodyPublishers.ofString(json)).build(), BodyHandlers.ofString());
  }

  /** Any method with a JSON body (or none) with this session. */
  public HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
    return send(method, path, "application/json", "application/json", json);
  }

  /** Any method with a body of {@code contentType} (or none), accepting {@code accept}, with this session. */
  public HttpResponse<String> send(String method, String path, String contentType, String accept, String body)
      throws IOException, InterruptedException {
    return browser.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-XSRF-TOKEN", token())
        .header("Content-Type", contentType).header("Accept", accept)
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)).build(),
        BodyHandlers.ofString());
  }

  private HttpResponse<String> form(String path, String body, String forwardedFor)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8").header("X-XSRF-TOKEN", token())
        .POST(BodyPublishers.ofString(body));
    if (forwardedFor != null) {
      request.header("X-Forwarded-For", forwardedFor);
    }
    HttpResponse<String> response = browser.send(request.build(), BodyHandlers.ofString());
    if (response.statusCode() == 200) {
      refreshToken();
    }
    return response;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
