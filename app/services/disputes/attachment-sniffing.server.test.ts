import { describe, expect, it } from "vitest";
import { detectMediaType } from "./attachment-store.server";

// SPEC 3.5: the type comes from the content's first bytes, the whole signature, never a prefix of it.
const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));

describe("detectMediaType", () => {
  it("a file that only starts with % is not a PDF", () => {
    expect(detectMediaType(bytes("%"))).toBeNull();
    expect(detectMediaType(bytes("%!PS-Adobe-3.0\n"))).toBeNull();
    expect(detectMediaType(bytes("%P"))).toBeNull();
    expect(detectMediaType(bytes("%PDF"))).toBeNull();
    expect(detectMediaType(bytes("%PDF 1.7"))).toBeNull();
    expect(detectMediaType(bytes("%pdf-1.7"))).toBeNull();
    expect(detectMediaType(bytes("%PDF-1.7\n"))).toBe("application/pdf");
  });

  it("knows PNG, JPEG and TIFF only by their whole signature", () => {
    expect(detectMediaType(bytes([0x89], "PNG\r\n", [0x1a, 0x0a]))).toBe("image/png");
    expect(detectMediaType(bytes([0x89], "PNG\r\n"))).toBeNull();
    expect(detectMediaType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(detectMediaType(bytes([0xff, 0xd8]))).toBeNull();
    expect(detectMediaType(bytes("II", [0x2a, 0x00]))).toBe("image/tiff");
    expect(detectMediaType(bytes("MM", [0x00, 0x2a]))).toBe("image/tiff");
    expect(detectMediaType(bytes("II", [0x2a]))).toBeNull();
    expect(detectMediaType(bytes("<!DOCTYPE html>"))).toBeNull();
    expect(detectMediaType(new Uint8Array(0))).toBeNull();
  });
});
