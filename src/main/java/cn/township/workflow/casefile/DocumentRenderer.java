package cn.township.workflow.casefile;

import com.openhtmltopdf.pdfboxout.PDFontSupplier;
import com.openhtmltopdf.pdfboxout.PagePosition;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.render.Box;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.blend.BlendMode;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Turns a document template (documents/*.html: XHTML with Mustache placeholders, which analysts edit without Java)
 * into an A4 PDF. Every value is HTML-escaped; the Chinese font (Droid Sans Fallback) is embedded from the application
 * itself, so no font of the server's operating system is needed. The organ's seal is stamped over the box the template
 * gives it (an element with the id {@value #SEAL_BOX}, documents/_foot.html), on whichever page that box falls.
 */
@Component
public class DocumentRenderer {

  static final String FONT = "fonts/DroidSansFallbackFull.ttf";
  static final String SEAL_BOX = "tw-seal";
  private static final Pattern SEAL_BOX_ID = Pattern.compile(Pattern.quote(SEAL_BOX));
  /**
   * Renderings at once, each with a parsed font of its own (a parsed font is not thread-safe); the parsed fonts are kept
   * for the next ones. Each holds about 14 MB of tables beside the shared font bytes, so the bound is also the memory's:
   * a burst of downloads waits for a turn (rendering is CPU work and holds no lock) instead of parsing a font apiece.
   */
  static final int RENDERINGS_AT_ONCE = 4;

  /** A rendered PDF and its number of pages. */
  public record Pdf(byte[] bytes, int pages) {}

  private final Mustache.Compiler compiler = Mustache.compiler().defaultValue("")
      .withLoader(name -> reader("documents/" + name + ".html"));
  private final Map<String, Template> templates = new ConcurrentHashMap<>();
  private final byte[] font;
  /** Parsing the 4 MB CJK font for every document was a third of its CPU (docs/benchmarks.md, issue 21). */
  private final BlockingQueue<TrueTypeFont> idleFonts = new ArrayBlockingQueue<>(RENDERINGS_AT_ONCE);
  private final Semaphore turns = new Semaphore(RENDERINGS_AT_ONCE);
  private final AtomicInteger fontsParsed = new AtomicInteger();

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
    return render(html(template, model), null);
  }

  /** The template filled with {@code model}, {@code seal} (if any) stamped over the template's seal box. */
  public Pdf pdf(String template, Map<String, Object> model, SealImage seal) {
    return render(html(template, model), seal);
  }

  public Pdf pdf(String xhtml) {
    return render(xhtml, null);
  }

  private Pdf render(String xhtml, SealImage seal) {
    TrueTypeFont parsedFont = borrowFont();
    try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      builder.usePDDocument(document);
      builder.useFont(new PDFontSupplier(PDType0Font.load(document, parsedFont, true)), "CJK");
      builder.withHtmlContent(xhtml, null);
      try (PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
        renderer.layout();
        renderer.createPDFWithoutClosing();
        if (seal != null) { // the boxes' pages are known once the pages are written
          stamp(document, seal, renderer.findPagePositionsByID(SEAL_BOX_ID));
        }
        document.save(out);
        return new Pdf(out.toByteArray(), document.getNumberOfPages());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("文书生成失败", e);
    } finally {
      giveBack(parsedFont);
    }
  }

  /** The seal over its boxes, multiplied with what is under it as ink is: the text it covers stays legible. */
  private static void stamp(PDDocument document, SealImage seal, List<PagePosition<Box>> boxes) throws IOException {
    if (boxes.isEmpty()) {
      return;
    }
    PDImageXObject image = seal.embedIn(document);
    PDExtendedGraphicsState ink = new PDExtendedGraphicsState();
    ink.setBlendMode(BlendMode.MULTIPLY);
    for (PagePosition<Box> box : boxes) {
      try (PDPageContentStream over = new PDPageContentStream(document, document.getPage(box.getPageNo()),
          PDPageContentStream.AppendMode.APPEND, true, true)) {
        over.setGraphicsStateParameters(ink);
        over.drawImage(image, box.getX(), box.getY(), box.getWidth(), box.getHeight());
      }
    }
  }

  /** A turn to render, with its parsed font (a kept one, or parsed now); {@link #giveBack} ends the turn. */
  private TrueTypeFont borrowFont() {
    turns.acquireUninterruptibly();
    TrueTypeFont idle = idleFonts.poll();
    if (idle != null) {
      return idle;
    }
    TrueTypeFont parsed = null;
    try {
      fontsParsed.incrementAndGet();
      parsed = new TTFParser().parse(new RandomAccessReadBuffer(font));
      return parsed;
    } catch (IOException e) {
      throw new UncheckedIOException("文书字体 " + FONT + " 无法读取", e);
    } finally {
      if (parsed == null) {
        turns.release(); // no font, no turn
      }
    }
  }

  /** How many times the font was parsed since start (at most {@link #RENDERINGS_AT_ONCE} while it reads well). */
  int fontsParsed() {
    return fontsParsed.get();
  }

  /** Keeps the font for the next turn (or drops it, if enough are kept) and ends this turn. */
  private void giveBack(TrueTypeFont parsedFont) {
    try {
      if (!idleFonts.offer(parsedFont)) {
        parsedFont.close();
      }
    } catch (IOException ignored) {
      // an in-memory font: nothing to release but the memory, which the collector takes
    } finally {
      turns.release();
    }
  }
}
