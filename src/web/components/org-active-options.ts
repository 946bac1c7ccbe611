/**
 * Picker options for stores, teams and job families that hide deactivated (停用) rows. Kept out of
 * org-active.tsx (React components) so it is unit-tested without a DOM.
 */

/**
 * Options for a picker of stores, teams or job families: only active rows, because the server refuses to
 * put anyone into an inactive one (or import into an inactive store). A value the form already holds
 * stays on the list even when inactive, tagged, so the form shows what is there and keeping it (allowed:
 * only a new join is refused) or removing it are both possible.
 */
export function activeOptions<R extends { code: string; active?: boolean }>(
  rows: readonly R[],
  label: (r: R) => string,
  inactiveTag: string,
  current: string | readonly string[] | null | undefined = [],
): { value: string; label: string }[] {
  const held = new Set(current === null ? [] : typeof current === 'string' ? [current] : current);
  return rows
    .filter((r) => r.active !== false || held.has(r.code))
    .map((r) => ({ value: r.code, label: r.active === false ? `${label(r)} (${inactiveTag})` : label(r) }));
}
