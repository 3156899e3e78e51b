import { redirect } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";

// Vietnamese first: the portal lives under /vi (and /en).
export const GET: RequestHandler = () => redirect(307, "/vi");
