import type { Role } from "./api.ts";

// What each role sees in the app. The API enforces every rule; the UI only hides what a role
// cannot use.

export type Area = "mine" | "dashboard" | "tasks" | "agencies" | "duties" | "reports" | "upload" | "admin";

const AREAS: Record<Role, Area[]> = {
  admin: ["dashboard", "tasks", "agencies", "duties", "reports", "upload", "admin"],
  leader: ["dashboard", "tasks", "agencies", "duties", "reports"],
  statistician: ["dashboard", "tasks", "agencies", "duties", "reports", "upload"],
  // an officer lands on their own agency's work first
  agency_officer: ["mine", "tasks", "agencies", "duties", "reports"],
};

export const AREA_PATH: Record<Area, string> = {
  mine: "/app/viec-cua-toi",
  dashboard: "/app",
  tasks: "/app/nhiem-vu",
  agencies: "/app/co-quan",
  duties: "/app/bao-cao",
  reports: "/app/bao-cao-kt-xh",
  upload: "/app/tai-len",
  admin: "/app/quan-tri",
};

export function areasOf(role: Role): Area[] {
  return AREAS[role] ?? [];
}

/** The navigation: the reporting calendar is already on the upload desk for those who have it. */
export function navOf(role: Role): Area[] {
  const areas = areasOf(role);
  return areas.includes("upload") ? areas.filter((a) => a !== "duties") : areas;
}

export function canSee(role: Role, area: Area): boolean {
  return areasOf(role).includes(area);
}

/** Where a role lands after signing in. */
export function homeOf(role: Role): string {
  const first = areasOf(role)[0];
  return first ? AREA_PATH[first] : "/app";
}
