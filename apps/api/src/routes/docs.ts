import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../http/env.ts";

// A reference page that needs no JavaScript and no CDN: the OpenAPI document, as a table.
// The routes do not change while the process runs, so it is rendered once.

const rendered = new WeakMap<object, string>();

export function docsPage(c: Context, api: OpenAPIHono<AppEnv>) {
  c.header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'");
  c.header("cache-control", "public, max-age=300");
  let page = rendered.get(api);
  if (page === undefined) {
    page = renderDocs(api);
    rendered.set(api, page);
  }
  return c.html(page);
}

type Operation = { summary?: string; parameters?: { name: string; in: string }[] };

function renderDocs(api: OpenAPIHono<AppEnv>): string {
  const doc = api.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "chitieu API", version: "1.0.0" },
  });
  const rows: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      const params = (op.parameters ?? []).map((p) => `${p.name} (${p.in})`).join(", ");
      rows.push(
        `<tr><td><code>${method.toUpperCase()}</code></td><td><code>/api/v1${escapeHtml(path)}</code></td><td>${escapeHtml(op.summary ?? "")}</td><td>${escapeHtml(params)}</td></tr>`,
      );
    }
  }
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>chitieu API</title>
<style>body{font-family:system-ui,sans-serif;margin:1rem;max-width:70rem}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}table{border-collapse:collapse}</style></head>
<body><h1>chitieu API v1</h1><p>Tài liệu máy đọc được: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Lỗi trả về dạng <code>application/problem+json</code> (RFC 9457). Dữ liệu công khai: <code>/api/v1/public</code>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>Mô tả / Summary</th><th>Tham số / Parameters</th></tr></thead><tbody>${rows.join("")}</tbody></table></body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
