import { readLevel } from "../actual.ts";
import { dueCutoff } from "../calendar.ts";
import { ACHIEVED, NO_DATA, NOT_ACHIEVED, NOT_DUE, OFF_TRACK, ON_TRACK } from "../status.ts";
import type { CompiledTarget } from "../target-forms.ts";
import { type Ctx, type Detail, type IndicatorCtx, judgedAt, missingStatus, worse } from "./context.ts";

export function evaluateCategory(ctx: Ctx, s: number, ic: IndicatorCtx, ct: CompiledTarget, d: Detail): void {
  if (!judgedAt(ctx, ct)) {
    d.status = NOT_DUE;
    return;
  }
  const cutoff = dueCutoff(ctx.atMonth, ic.step);
  const toYear = cutoff === 0 ? ctx.atYear - 1 : ctx.atYear;
  const toMonth = cutoff === 0 ? 12 : cutoff;
  const fromYear = ct.multiYear ? ctx.input.startYear : ctx.atYear;
  if (cutoff === 0 && !ct.multiYear) {
    d.status = NOT_DUE;
    return;
  }
  const r = readLevel(ctx.input, s, fromYear, 1, toYear, toMonth, false, ctx.reading);
  if (Number.isNaN(r.value)) {
    d.status = ct.multiYear ? NO_DATA : missingStatus(ctx, ic, cutoff, d);
    return;
  }
  worse(d, r.status);
  d.value = r.value;
  d.valueYear = r.year;
  d.valueMonth = r.month;
  d.closed = r.year === ct.endYear && r.month === 12;
  const label = ctx.input.categoryLabels?.[ctx.input.seriesIndicator[s] as number]?.[r.value];
  const ok = label !== undefined && sameCategory(label, ct.category ?? "");
  d.status = d.closed ? (ok ? ACHIEVED : NOT_ACHIEVED) : ok ? ON_TRACK : OFF_TRACK;
}

export function sameCategory(a: string, b: string): boolean {
  const x = a.trim().normalize("NFC").toLowerCase();
  const y = b.trim().normalize("NFC").toLowerCase();
  if (x === y) return true;
  const nx = Number(x);
  const ny = Number(y);
  return x !== "" && y !== "" && !Number.isNaN(nx) && nx === ny;
}

// ---- the full record of one series -------------------------------------------------------------
