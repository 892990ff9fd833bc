import { describe, expect, it } from "vitest";
import { attachmentDisposition, downloadFileName } from "./attachments";

describe("downloadFileName", () => {
  it("gives the name the extension of the type its content has", () => {
    expect(downloadFileName("poly.html", "application/pdf")).toBe("poly.pdf");
    expect(downloadFileName("photo.pdf", "image/png")).toBe("photo.png");
    expect(downloadFileName("Rechnung Oktober", "application/pdf")).toBe("Rechnung Oktober.pdf");
    expect(downloadFileName("invoice.2026", "application/pdf")).toBe("invoice.2026.pdf");
  });

  it("keeps a name whose extension already fits, in any case and spelling", () => {
    expect(downloadFileName("receipt.PDF", "application/pdf")).toBe("receipt.PDF");
    expect(downloadFileName("scan.jpeg", "image/jpeg")).toBe("scan.jpeg");
    expect(downloadFileName("scan.jpg", "image/jpeg")).toBe("scan.jpg");
    expect(downloadFileName("fax.tiff", "image/tiff")).toBe("fax.tiff");
    expect(downloadFileName("Quittung März.pdf", "application/pdf")).toBe("Quittung März.pdf");
  });

  it("drops bidi overrides and other invisible or control characters", () => {
    // Shown as "exe.pdf" by a file manager that honours the override.
    expect(downloadFileName("\u202Efdp.exe", "application/pdf")).toBe("fdp.pdf");
    expect(downloadFileName("invoice\u2066.exe\u2069.pdf", "application/pdf")).toBe("invoice.exe.pdf");
    expect(downloadFileName("a\u200Bb\u0000c\u0085d\u2028e.pdf", "application/pdf")).toBe("abcde.pdf");
    expect(downloadFileName("line\r\nbreak.pdf", "application/pdf")).toBe("linebreak.pdf");
    expect(downloadFileName("\uFEFFbom.png", "image/png")).toBe("bom.png");
  });

  it("never yields an empty, hidden or path-like name", () => {
    expect(downloadFileName("\u202E\u200B", "application/pdf")).toBe("attachment.pdf");
    expect(downloadFileName(".pdf", "application/pdf")).toBe("pdf.pdf");
    expect(downloadFileName("..\\..\\evil.pdf", "application/pdf")).toBe("evil.pdf");
    expect(downloadFileName("dir/report.pdf...", "application/pdf")).toBe("report.pdf");
    expect(downloadFileName(`${"x".repeat(300)}.html`, "application/pdf")).toBe(`${"x".repeat(195)}.pdf`);
  });
});

describe("attachmentDisposition", () => {
  it("is an attachment with an ASCII fallback and the UTF-8 name", () => {
    expect(attachmentDisposition("Quittung März.pdf")).toBe(
      `attachment; filename="Quittung M_rz.pdf"; filename*=UTF-8''Quittung%20M%C3%A4rz.pdf`,
    );
    expect(attachmentDisposition(`say "hi" 100%.pdf`)).toBe(
      `attachment; filename="say _hi_ 100_.pdf"; filename*=UTF-8''say%20%22hi%22%20100%25.pdf`,
    );
    expect(attachmentDisposition("it's (1).pdf")).toBe(`attachment; filename="it's (1).pdf"; filename*=UTF-8''it%27s%20%281%29.pdf`);
  });
});
