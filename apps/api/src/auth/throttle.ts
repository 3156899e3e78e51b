// Failed logins per account and per address in a sliding window. In memory: one process
// serves the app; a multi-process deployment should put a proxy limit in front as well.

export interface ThrottleOptions {
  windowMs: number;
  maxPerAccount: number;
  maxPerAddress: number;
}

export const defaultThrottle: ThrottleOptions = {
  windowMs: 15 * 60_000,
  maxPerAccount: 5,
  maxPerAddress: 20,
};

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  constructor(
    readonly options: ThrottleOptions = defaultThrottle,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.options.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Seconds to wait before trying again, or 0 when a try is allowed. */
  retryAfter(account: string, address: string): number {
    const checks: [string, number][] = [
      [`a:${account}`, this.options.maxPerAccount],
      [`ip:${address}`, this.options.maxPerAddress],
    ];
    let wait = 0;
    for (const [key, max] of checks) {
      const list = this.recent(key);
      if (list.length >= max) {
        const oldest = list[list.length - max] as number;
        wait = Math.max(wait, Math.ceil((oldest + this.options.windowMs - this.now()) / 1000));
      }
    }
    return wait;
  }

  fail(account: string, address: string): void {
    for (const key of [`a:${account}`, `ip:${address}`]) {
      const list = this.recent(key);
      list.push(this.now());
      this.failures.set(key, list);
    }
  }

  succeed(account: string): void {
    this.failures.delete(`a:${account}`);
  }
}
