// Colours of the statuses: chips (text on a light fill, AA contrast) and chart marks.
export const STATUS_ORDER = [
  "exceeded",
  "achieved",
  "on_track",
  "at_risk",
  "off_track",
  "not_achieved",
  "no_data",
  "not_due",
] as const;

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
