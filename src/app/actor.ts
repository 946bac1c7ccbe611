/**
 * Who is acting (操作人): the signed-in user a service acts for. Services take it as a plain value so
 * that the same rules apply whether the call comes from HTTP, the CLI or a test.
 */
export const ROLES = ['admin', 'hr', 'committee', 'supervisor', 'employee'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  company: string;
  userId: string;
  login: string;
  name: string;
  role: Role;
  /** the employee code of the person, null for an account that is nobody's (a pure admin) */
  employee: string | null;
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/** "hr (H001)" — how the audit log and forms name who did something. */
export function actorLabel(a: Actor): string {
  return a.employee ? `${a.login} (${a.employee})` : a.login;
}
