/**
 * One sample call of a route for the permission matrix test: given a form's employee, that form's
 * version and the month under test, the path (with query) and body to send.
 */
export type PermissionSample = (
  emp: string,
  version: number,
  month: string,
) => { path: string; body?: unknown };
