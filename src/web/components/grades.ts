/** The grade names of a template version (S/A/B/C/D or what the template declares), for grade pickers. */
import type { Form } from '../types.ts';

const DEFAULT = ['S', 'A', 'B', 'C', 'D'];

export function gradesOfForm(f: Form): string[] {
  return f.templateInfo?.grades?.length ? f.templateInfo.grades : DEFAULT;
}

/** How a sign-in is named in forms and the audit log ("hr (H001)"), as the server writes it. */
export function actorLabel(u: { login: string; employee: string | null }): string {
  return u.employee ? `${u.login} (${u.employee})` : u.login;
}
