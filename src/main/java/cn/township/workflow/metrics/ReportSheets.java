package cn.township.workflow.metrics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFCell;
import org.apache.poi.xssf.streaming.SXSSFRow;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Typed cells for the 考核 report: counts and days are numbers, rates are numbers shown as percentages, moments are
 * dates (in the county's zone), so that supervisors can sum, sort and chart them in their spreadsheet.
 */
final class ReportSheets {

  /** A rate (0.875) that the sheet shows as 87.5%. */
  record Percent(Double value) {}

  private final SXSSFWorkbook book;
  private final ZoneId zone;
  private final CellStyle header;
  private final CellStyle dateTime;
  private final CellStyle date;
  private final CellStyle percent;
  private final CellStyle decimal;
  /**
   * The workbook's default style (index 0, written as no style at all), set on every plain cell: for a cell without a
   * style POI looks up its column's default style in the sheet's column definitions (an XML bean scan) once per cell
   * written, a fifth of the export's CPU for a county's year.
   */
  private final CellStyle plain;

  ReportSheets(SXSSFWorkbook book, ZoneId zone) {
    this.book = book;
    this.zone = zone;
    Font bold = book.createFont();
    bold.setBold(true);
    header = book.createCellStyle();
    header.setFont(bold);
    var formats = book.createDataFormat();
    dateTime = book.createCellStyle();
    dateTime.setDataFormat(formats.getFormat("yyyy-mm-dd hh:mm"));
    date = book.createCellStyle();
    date.setDataFormat(formats.getFormat("yyyy-mm-dd"));
    percent = book.createCellStyle();
    percent.setDataFormat(formats.getFormat("0.0%"));
    decimal = book.createCellStyle();
    decimal.setDataFormat(formats.getFormat("0.0"));
    plain = book.getCellStyleAt(0);
  }

  /** A new sheet with its header row; widths fixed (auto-sizing would keep every row in memory). */
  Sheet sheet(String name, String... headers) {
    SXSSFSheet sheet = book.createSheet(name);
    SXSSFRow row = sheet.createRow(0);
    for (int i = 0; i < headers.length; i++) {
      SXSSFCell cell = row.createCell(i);
      cell.setCellValue(headers[i]);
      cell.setCellStyle(header);
      sheet.setColumnWidth(i, Math.max(10, Math.min(40, headers[i].length() * 2 + 6)) * 256);
    }
    sheet.createFreezePane(0, 1);
    return new Sheet(sheet);
  }

  final class Sheet {
    private final SXSSFSheet sheet;
    private int next = 1;

    private Sheet(SXSSFSheet sheet) {
      this.sheet = sheet;
    }

    void widen(int column, int characters) {
      sheet.setColumnWidth(column, characters * 256);
    }

    void row(Object... values) {
      Row row = sheet.createRow(next++);
      for (int i = 0; i < values.length; i++) {
        Object value = values[i];
        if (value == null || value instanceof Percent p && p.value() == null) {
          continue; // no figure (no case in the period): an empty cell, not a zero
        }
        var cell = row.createCell(i);
        if (value instanceof Percent p) {
          cell.setCellValue(p.value());
          cell.setCellStyle(percent);
        } else if (value instanceof Double d) {
          cell.setCellValue(d);
          cell.setCellStyle(decimal);
        } else if (value instanceof Number n) {
          cell.setCellValue(n.doubleValue());
          cell.setCellStyle(plain);
        } else if (value instanceof Instant t) {
          cell.setCellValue(t.atZone(zone).toLocalDateTime());
          cell.setCellStyle(dateTime);
        } else if (value instanceof LocalDate d) {
          cell.setCellValue(d);
          cell.setCellStyle(date);
        } else if (value instanceof Boolean b) {
          cell.setCellValue(b ? "是" : "否");
          cell.setCellStyle(plain);
        } else {
          cell.setCellValue(String.valueOf(value));
          cell.setCellStyle(plain);
        }
      }
    }
  }
}
