import { readLevel } from "../actual.ts";
import { ACHIEVED, NO_DATA, NOT_ACHIEVED, NOT_DUE } from "../status.ts";
import type { CompiledTarget } from "../target-forms.ts";
import { type Ctx, type Detail, note, worse } from "./context.ts";

export function evaluateMilestone(ctx: Ctx, s: number, ct: CompiledTarget, d: Detail): void {
  const p = ctx.input;
  const todayYear = Math.floor(ctx.todayInt / 10000);
  const todayMonth = Math.floor(ctx.todayInt / 100) % 100;
  const r = readLevel(p, s, p.startYear, 1, todayYear, todayMonth, false, ctx.reading);
  d.bound = ct.due;
  const overdue = ctx.todayInt > ct.due;
  if (Number.isNaN(r.value)) {
    d.status = overdue ? NO_DATA : NOT_DUE;
    if (overdue) note(d, "Quá hạn, chưa có báo cáo / overdue, no report");
    return;
  }
  worse(d, r.status);
  d.valueYear = r.year;
  d.valueMonth = r.month;
  if (r.value > 0 && r.value <= ctx.todayInt) {
    d.value = 1;
    d.doneOn = r.value;
    d.closed = true;
    d.late = r.value > ct.due;
    d.status = d.late ? NOT_ACHIEVED : ACHIEVED;
    return;
  }
  d.value = 0;
  d.status = overdue ? NOT_ACHIEVED : NOT_DUE;
  d.closed = overdue;
}
