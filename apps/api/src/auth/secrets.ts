import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

// argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum for argon2id).
export const hashPassword = (password: string): Promise<string> => hash(password, { algorithm: 2 });

// A fixed hash to verify against when the account does not exist, so that timing does not
// tell which e-mail addresses have accounts.
let dummyHash: Promise<string> | null = null;

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    dummyHash ??= hashPassword("no such account");
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

export const newToken = (bytes = 32): string => randomBytes(bytes).toString("base64url");

/** Session ids and API tokens are stored only as their SHA-256: a leaked table opens nothing. */
export const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex");

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const MIN_PASSWORD_LENGTH = 12;
