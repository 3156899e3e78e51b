import type { Role } from "./api.ts";

// What each role sees in the app. The API enforces every rule; the UI only hides what a role
// cannot use.

export type Area = "dashboard" | "tasks" | "upload" | "admin";

const AREAS: Record<Role, Area[]> = {
  admin: ["dashboard", "tasks", "upload", "admin"],
  leader: ["dashboard", "tasks"],
  statistician: ["dashboard", "tasks", "upload"],
  agency_officer: ["tasks"],
};

export const AREA_PATH: Record<Area, string> = {
  dashboard: "/app",
  tasks: "/app/nhiem-vu",
  upload: "/app/tai-len",
  admin: "/app/quan-tri",
};

export function areasOf(role: Role): Area[] {
  return AREAS[role] ?? [];
}

export function canSee(role: Role, area: Area): boolean {
  return areasOf(role).includes(area);
}

/** Where a role lands after signing in. */
export function homeOf(role: Role): string {
  const first = areasOf(role)[0];
  return first ? AREA_PATH[first] : "/app";
}
