import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

// Between the preview and the commit the uploaded file waits here, so the commit works without
// JavaScript (a browser cannot re-send a file from a plain form). Kept for one hour, bound to
// the user who uploaded it.

const DIR = path.join(os.tmpdir(), "chitieu-web-uploads");
const TTL_MS = 60 * 60 * 1000;

interface Meta {
  userId: number;
  name: string;
  type: string;
}

async function sweep(): Promise<void> {
  const now = Date.now();
  for (const f of await fs.readdir(DIR).catch(() => [] as string[])) {
    const p = path.join(DIR, f);
    const st = await fs.stat(p).catch(() => null);
    if (st && now - st.mtimeMs > TTL_MS) await fs.rm(p, { force: true });
  }
}

export async function stashFile(userId: number, file: File): Promise<string> {
  await fs.mkdir(DIR, { recursive: true, mode: 0o700 });
  void sweep();
  const id = randomUUID();
  await fs.writeFile(path.join(DIR, `${id}.bin`), new Uint8Array(await file.arrayBuffer()), { mode: 0o600 });
  const meta: Meta = { userId, name: file.name, type: file.type };
  await fs.writeFile(path.join(DIR, `${id}.json`), JSON.stringify(meta), { mode: 0o600 });
  return id;
}

export async function takeFile(userId: number, id: string): Promise<File | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  try {
    const meta = JSON.parse(await fs.readFile(path.join(DIR, `${id}.json`), "utf8")) as Meta;
    if (meta.userId !== userId) return null;
    const bytes = await fs.readFile(path.join(DIR, `${id}.bin`));
    return new File([new Uint8Array(bytes)], meta.name, { type: meta.type });
  } catch {
    return null;
  }
}

export async function dropFile(id: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return;
  await fs.rm(path.join(DIR, `${id}.bin`), { force: true });
  await fs.rm(path.join(DIR, `${id}.json`), { force: true });
}
