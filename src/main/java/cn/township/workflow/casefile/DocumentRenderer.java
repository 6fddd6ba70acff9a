package cn.township.workflow.casefile;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Turns a document template (documents/*.html: XHTML with Mustache placeholders, which analysts edit without Java)
 * into an A4 PDF. Every value is HTML-escaped; the Chinese font (Droid Sans Fallback) is embedded from the application
 * itself, so no font of the server's operating system is needed.
 */
@Component
public class DocumentRenderer {

  static final String FONT = "fonts/DroidSansFallbackFull.ttf";

  /** A rendered PDF and its number of pages. */
  public record Pdf(byte[] bytes, int pages) {}

  private final Mustache.Compiler compiler = Mustache.compiler().defaultValue("")
      .withLoader(name -> reader("documents/" + name + ".html"));
  private final Map<String, Template> templates = new ConcurrentHashMap<>();
  private final byte[] font;

  public DocumentRenderer() throws IOException {
    com.openhtmltopdf.util.XRLog.setLoggingEnabled(false); // it logs every rendering at INFO to stderr
    this.font = new ClassPathResource(FONT).getInputStream().readAllBytes();
  }

  private static java.io.Reader reader(String resource) throws IOException {
    return new InputStreamReader(new ClassPathResource(resource).getInputStream(), StandardCharsets.UTF_8);
  }

  /** The XHTML of {@code template} (a file in documents/) filled with {@code model}. */
  public String html(String template, Map<String, Object> model) {
    return templates.computeIfAbsent(template, name -> {
      try (java.io.Reader in = reader("documents/" + name)) {
        return compiler.compile(in);
      } catch (IOException missing) {
        throw new UncheckedIOException("文书模板 documents/" + name + " 无法读取", missing);
      }
    }).execute(model);
  }

  public Pdf pdf(String template, Map<String, Object> model) {
    return pdf(html(template, model));
  }

  public Pdf pdf(String xhtml) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      builder.useFont(() -> new java.io.ByteArrayInputStream(font), "CJK");
      builder.withHtmlContent(xhtml, null);
      builder.toStream(out);
      builder.run();
      byte[] bytes = out.toByteArray();
      try (PDDocument document = Loader.loadPDF(bytes)) {
        return new Pdf(bytes, document.getNumberOfPages());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("文书生成失败", e);
    }
  }
}
