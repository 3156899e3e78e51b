// Failed sign-ins slow the next try down; they never lock anyone out. In memory: one process
// serves the app; a multi-process deployment should put a proxy limit in front as well.
//
// Three counters, each with a delay that doubles per failure past a free allowance and stops at
// a ceiling (a wait, never a lock):
// - the account from one address: a guesser at one account from one place waits longest;
// - the account from anywhere: guessing from many places is slowed too, but its ceiling is short,
//   so a stranger's wrong passwords delay the owner by seconds, not minutes;
// - the address, across accounts: slows spraying made-up e-mails from one place, and applies
//   only to accounts that already have failures: a correct password for an account nobody has
//   failed on is not held up by the failures of others behind the same address.

export interface ThrottleRule {
  /** failures allowed before any delay */
  free: number;
  /** longest delay, seconds */
  maxDelayS: number;
}

export interface ThrottleOptions {
  /** a failure older than this is forgotten */
  windowMs: number;
  pair: ThrottleRule;
  account: ThrottleRule;
  address: ThrottleRule;
  /** at most this many keys are remembered (oldest forgotten first): made-up e-mails cost no memory */
  maxKeys: number;
}

export const defaultThrottle: ThrottleOptions = {
  windowMs: 15 * 60_000,
  pair: { free: 5, maxDelayS: 15 * 60 },
  account: { free: 10, maxDelayS: 30 },
  address: { free: 20, maxDelayS: 60 },
  maxKeys: 100_000,
};

interface Failures {
  count: number;
  last: number;
}

/** Seconds to wait after `count` failures, the last at `last` (0: a try is allowed now). */
export function delayAfter(rule: ThrottleRule, count: number): number {
  if (count < rule.free) return 0;
  return Math.min(rule.maxDelayS, 2 ** Math.min(30, count - rule.free));
}

export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();
  readonly options: ThrottleOptions;
  constructor(
    options: Partial<ThrottleOptions> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.options = { ...defaultThrottle, ...options };
  }

  private get(key: string): Failures | null {
    const f = this.failures.get(key);
    if (!f) return null;
    if (f.last <= this.now() - this.options.windowMs) {
      this.failures.delete(key);
      return null;
    }
    return f;
  }

  private wait(key: string, rule: ThrottleRule): number {
    const f = this.get(key);
    if (!f) return 0;
    const until = f.last + delayAfter(rule, f.count) * 1000;
    return Math.max(0, Math.ceil((until - this.now()) / 1000));
  }

  /** Seconds to wait before this account may be tried from this address, or 0. */
  retryAfter(account: string, address: string): number {
    const { pair, account: acc, address: addr } = this.options;
    const accountClean = this.get(`a:${account}`) === null;
    return Math.max(
      this.wait(`p:${account}|${address}`, pair),
      this.wait(`a:${account}`, acc),
      accountClean ? 0 : this.wait(`ip:${address}`, addr),
    );
  }

  fail(account: string, address: string): void {
    for (const key of [`p:${account}|${address}`, `a:${account}`, `ip:${address}`]) {
      const f = this.get(key) ?? { count: 0, last: 0 };
      this.failures.delete(key); // re-inserted last: the map's order is the order of use
      this.failures.set(key, { count: f.count + 1, last: this.now() });
    }
    while (this.failures.size > this.options.maxKeys)
      this.failures.delete(this.failures.keys().next().value as string);
  }

  /** A correct password clears the account's counters (not the address's: others may still guess from it). */
  succeed(account: string, address: string): void {
    this.failures.delete(`a:${account}`);
    this.failures.delete(`p:${account}|${address}`);
  }

  /** keys remembered (tests: bounded memory) */
  get size(): number {
    return this.failures.size;
  }
}
