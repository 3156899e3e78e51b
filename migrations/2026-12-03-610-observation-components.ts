import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// Issue #13 item 8: the components of a figure, kept beside its value.
// - A ratio ("tỷ lệ xã đạt chuẩn nông thôn mới trên 193 xã") is computed from its numerator and
//   denominator when both are stored (137 / 193), never from a rounded percentage.
// - A share rolled up across org units is weighted by each unit's denominator (its weight: the
//   number of communes, of households…), never an average of the units' rates; the denominator
//   may be stored alone as that weight.

const up = [
  `alter table observation add column numerator numeric`,
  `alter table observation add column denominator numeric`,
  `alter table observation add constraint observation_components
    check ((numerator is null or denominator is not null) and (denominator is null or denominator > 0))`,
];

const down = [
  "alter table observation drop constraint observation_components",
  "alter table observation drop column denominator",
  "alter table observation drop column numerator",
];

export const observationComponents = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};
