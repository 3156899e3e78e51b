// The limit of a public read on this machine: a bare Node HTTP server writing the bytes and
// headers the app answers, from memory, with nothing else per request. Started by
// test/bench/api.ts with a JSON file { headers, gzipBase64 } and PORT; prints "ready" on stdout.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";

const spec = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const body = Buffer.from(spec.gzipBase64, "base64");
const headers = { ...spec.headers, "content-length": String(body.byteLength) };
http
  .createServer((_req, res) => {
    // the app gives every answer its own request id: so does the limit
    res.writeHead(200, { ...headers, "x-request-id": randomUUID() });
    res.end(body);
  })
  .listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
