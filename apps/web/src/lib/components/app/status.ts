// The statuses in the domain's order: best first, then no data and not due.
export { STATUSES as STATUS_ORDER } from "@chitieu/domain";
