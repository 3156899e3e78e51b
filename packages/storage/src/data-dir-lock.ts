import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// PGlite is a single-process database: a second process that opens the same directory sees
// stale pages and silently loses writes. A lock file with the owner's pid makes the second
// opener fail at once and say who holds the directory.

export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
  constructor(
    readonly dataDir: string,
    readonly holder: LockOwner,
  ) {
    super(
      `Thư mục dữ liệu ${dataDir} đang được tiến trình PID ${holder.pid} trên máy ${holder.host} sử dụng ` +
        `(từ ${holder.startedAt}). Dừng tiến trình đó hoặc đặt DATA_DIR khác. / ` +
        `The data directory ${dataDir} is in use by process PID ${holder.pid} on ${holder.host} ` +
        `(since ${holder.startedAt}). Stop that process or set another DATA_DIR.`,
    );
  }
}

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  /** kernel start time of the process, to tell a reused pid from the real owner */
  procStart: string | null;
}

const LOCK_FILE = "chitieu.lock";

function procStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // fields after the parenthesised command name; start time is field 22
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return rest[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(owner: LockOwner): boolean {
  if (owner.host !== os.hostname()) return true; // cannot check another machine: assume alive
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  const start = procStartTime(owner.pid);
  return owner.procStart === null || start === null || start === owner.procStart;
}

export interface DataDirLock {
  release(): void;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE);
  const me: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    procStart: procStartTime(process.pid),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, JSON.stringify(me));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        try {
          const current = JSON.parse(fs.readFileSync(lockPath, "utf8")) as LockOwner;
          if (current.pid === me.pid && current.startedAt === me.startedAt) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.on("exit", release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let owner: LockOwner;
      try {
        owner = JSON.parse(fs.readFileSync(lockPath, "utf8")) as LockOwner;
      } catch {
        // a half-written lock: its writer died between open and write
        fs.rmSync(lockPath, { force: true });
        continue;
      }
      if (isAlive(owner)) throw new DataDirLockedError(dataDir, owner);
      fs.rmSync(lockPath, { force: true }); // stale: its owner is gone
    }
  }
  throw new Error(`Không lấy được khoá ${lockPath} / Could not take the lock ${lockPath}`);
}
