/**
 * Sample calls of these routes for the permission matrix in src/server/app.test.ts: one request per
 * route id that a role which may not call it must be refused (403/404) without anything changing.
 */
import type { PermissionSample } from '../permission-sample.ts';

export const jobSamples: Record<string, PermissionSample> = {};
