package cn.township.workflow.support;

import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** What a test reads of a PDF: that it parses, its pages and its text (fonts embedded with their Unicode mapping). */
public final class Pdfs {

  public record Read(int pages, String text, String size) {}

  private Pdfs() {}

  public static Read read(byte[] pdf) {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      var box = document.getPage(0).getMediaBox();
      String size = Math.round(box.getWidth() / 72 * 25.4) + "x" + Math.round(box.getHeight() / 72 * 25.4) + "mm";
      return new Read(document.getNumberOfPages(), new PDFTextStripper().getText(document).replaceAll("\\s+", ""),
          size);
    } catch (IOException e) {
      throw new AssertionError("not a PDF: " + e.getMessage(), e);
    }
  }
}
