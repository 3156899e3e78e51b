import fs from "node:fs";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { receiveUpload } from "./upload.ts";

/** A multipart body as fetch builds it from FormData, fed to the reader in chunks of `size` bytes. */
async function requestOf(form: FormData, size: number): Promise<Request> {
  const built = new Request("http://x/", { method: "POST", body: form });
  const bytes = new Uint8Array(await built.arrayBuffer());
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
  return new Request("http://x/", {
    method: "POST",
    headers: { "content-type": built.headers.get("content-type") as string },
    body,
    duplex: "half",
  } as RequestInit);
}

describe("receiveUpload", () => {
  const csv = `Mã chỉ tiêu,Đơn vị,Kỳ,Giá trị\r\n${"qnam-budget-revenue,p49,2024-05,1100\r\n".repeat(2000)}`;

  for (const size of [1, 7, 64, 1000, 65_536]) {
    it(`writes the file part byte for byte and keeps the fields (chunks of ${size} bytes)`, async () => {
      const form = new FormData();
      form.set("dryRun", "true");
      form.set("file", new Blob([csv]), "Báo cáo tháng 5.csv");
      form.set("names", '{"Thu ngân sách": "qnam-budget-revenue"}');
      const u = await receiveUpload(await requestOf(form, size), { maxBytes: 1_000_000 });
      try {
        expect(u.file?.name).toBe("Báo cáo tháng 5.csv");
        expect(fs.readFileSync(u.file?.path as string, "utf8")).toBe(csv);
        expect(u.file?.size).toBe(Buffer.byteLength(csv));
        expect(u.fields).toEqual({ dryRun: "true", names: '{"Thu ngân sách": "qnam-budget-revenue"}' });
      } finally {
        await u.cleanup();
      }
      expect(fs.existsSync(u.file?.path as string)).toBe(false);
    });
  }

  it("stops a file over the limit while it arrives (file_too_large) and leaves no temporary file", async () => {
    const form = new FormData();
    form.set("file", new Blob([csv]), "big.csv");
    const before = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith("chitieu-upload-"));
    await expect(receiveUpload(await requestOf(form, 4096), { maxBytes: 10_000 })).rejects.toMatchObject({
      code: "file_too_large",
    });
    const after = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith("chitieu-upload-"));
    expect(after.length).toBeLessThanOrEqual(before.length);
  });

  it("stops an endless chunked body near the limit (413), not at its end", async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 16_384;
        controller.enqueue(new Uint8Array(16_384).fill(0x61));
      },
    });
    const r = new Request("http://x/", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=xyz" },
      body: endless,
      duplex: "half",
    } as RequestInit);
    await expect(receiveUpload(r, { maxBytes: 100_000 })).rejects.toMatchObject({ status: 413 });
    expect(sent).toBeLessThan(300_000);
  });

  it("refuses a body cut before its closing boundary (400), and answers no file for another type", async () => {
    const form = new FormData();
    form.set("file", new Blob([csv]), "a.csv");
    const built = new Request("http://x/", { method: "POST", body: form });
    const bytes = new Uint8Array(await built.arrayBuffer());
    const cut = new Request("http://x/", {
      method: "POST",
      headers: { "content-type": built.headers.get("content-type") as string },
      body: bytes.slice(0, bytes.length - 100),
    });
    await expect(receiveUpload(cut, { maxBytes: 1_000_000 })).rejects.toMatchObject({
      code: "invalid_request",
    });
    const json = new Request("http://x/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    const u = await receiveUpload(json, { maxBytes: 1_000_000 });
    expect(u.file).toBeNull();
    expect(u.fields).toEqual({});
  });
});
