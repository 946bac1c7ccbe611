/**
 * The audit log (审计日志): every change to a template, a form, a score, a grade or a ledger entry is
 * written in the same transaction as the change, with who, when, the entity, before, after and why.
 * Nothing here updates or deletes a log row.
 */
import type { Sql } from '../db/open-db.ts';
import { type Actor, actorLabel } from './actor.ts';

export interface AuditEntry {
  entity: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
  why?: string | null;
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  entity: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  why: string | null;
}

export async function writeAudit(tx: Sql, actor: Actor, e: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (company_id, actor, entity, entity_id, action, before, after, why)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8)`,
    [
      actor.company,
      actorLabel(actor),
      e.entity,
      e.entityId,
      e.action,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
      e.why ?? null,
    ],
  );
}

export async function listAudit(
  db: Sql,
  company: string,
  filter: { entity?: string; entityId?: string; limit?: number },
): Promise<AuditRow[]> {
  const params: unknown[] = [company];
  let where = 'company_id = $1';
  if (filter.entity) {
    params.push(filter.entity);
    where += ` AND entity = $${params.length}`;
  }
  if (filter.entityId) {
    params.push(filter.entityId);
    where += ` AND entity_id = $${params.length}`;
  }
  params.push(Math.min(Math.max(filter.limit ?? 200, 1), 1000));
  const r = await db.query<{
    id: number;
    at: string;
    actor: string;
    entity: string;
    entity_id: string;
    action: string;
    before: unknown;
    after: unknown;
    why: string | null;
  }>(
    `SELECT id, at, actor, entity, entity_id, action, before, after, why FROM audit_log
     WHERE ${where} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  return r.rows.map((x) => ({
    id: x.id,
    at: x.at,
    actor: x.actor,
    entity: x.entity,
    entityId: x.entity_id,
    action: x.action,
    before: x.before,
    after: x.after,
    why: x.why,
  }));
}
