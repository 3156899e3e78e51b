// Colours of the statuses: chips (text on a light fill, AA contrast) and chart marks.
// the domain's order: best first, then no data and not due
export { STATUSES as STATUS_ORDER } from "@chitieu/domain";

export const STATUS_MARK: Record<string, string> = {
  exceeded: "#116329",
  achieved: "#2da44e",
  on_track: "#0969da",
  at_risk: "#bf8700",
  off_track: "#e16f24",
  not_achieved: "#cf222e",
  no_data: "#8c959f",
  not_due: "#8c959f",
};
