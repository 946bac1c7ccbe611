/**
 * Deactivating stores, teams and job families (停用) in the organisation page: the switch in their edit
 * forms, the filter above their lists, and how an inactive row looks (greyed, tagged). Rows are never
 * deleted — facts, templates and employees refer to them — so "inactive" is the end of a row's life.
 */
import { Form, Segmented, Switch, Tag } from 'antd';
import type { CSSProperties, HTMLAttributes } from 'react';
import { useState } from 'react';
import { useT } from '../i18n/index.ts';
import { orgText } from '../i18n/org.ts';

/**
 * A row that may have been deactivated; absent `active` (an older server) reads as active. `Store`, `Team`
 * and `Family` in types.ts carry `active` themselves, so this is only the shape the helpers below accept.
 */
export interface MaybeActive {
  active?: boolean;
}

export type ActiveFilterValue = 'all' | 'active' | 'inactive';

// grey text, not opacity: the row's edit button must keep looking clickable (it is how to reactivate)
const GREY: CSSProperties = { color: 'rgba(0, 0, 0, 0.38)', background: '#fafafa' };

/** The filter state and the rows it lets through; inactive rows are shown (greyed) unless filtered out. */
export function useActiveFilter<R extends MaybeActive>(rows: R[]) {
  const [filter, setFilter] = useState<ActiveFilterValue>('all');
  const shown = rows.filter((r) =>
    filter === 'all' ? true : filter === 'active' ? r.active !== false : r.active === false,
  );
  return { filter, setFilter, shown, inactive: rows.filter((r) => r.active === false).length };
}

/** All / active / inactive, with the number of inactive rows so a hidden one is never a surprise. */
export function ActiveFilter({
  value,
  onChange,
  inactive,
  testId,
}: {
  value: ActiveFilterValue;
  onChange: (v: ActiveFilterValue) => void;
  inactive: number;
  testId: string;
}) {
  const { lang } = useT();
  return (
    <Segmented<ActiveFilterValue>
      size="small"
      value={value}
      onChange={onChange}
      data-testid={testId}
      options={[
        { value: 'all', label: orgText(lang, 'filterAll') },
        { value: 'active', label: orgText(lang, 'filterActive') },
        { value: 'inactive', label: orgText(lang, 'filterInactive', { n: inactive }) },
      ]}
    />
  );
}

/** Row props for an antd Table: an inactive row is greyed and marked for tests and screen readers. */
export function activeRowProps(r: MaybeActive): HTMLAttributes<HTMLElement> & { 'data-inactive'?: string } {
  return r.active === false ? { style: GREY, 'data-inactive': 'true', 'aria-disabled': true } : {};
}

/** The name cell of a row, with an "inactive" tag after it when it is. */
export function NameWithState({ name, active }: { name: string; active?: boolean | undefined }) {
  const { lang } = useT();
  return (
    <>
      {name}
      {active === false ? (
        <Tag style={{ marginInlineStart: 8 }} data-testid="inactive-tag">
          {orgText(lang, 'inactive')}
        </Tag>
      ) : null}
    </>
  );
}

/** The switch in an edit form (name `active`); only shown when editing, a new row is always active. */
export function ActiveSwitchItem({ testId, hint }: { testId: string; hint: string }) {
  const { lang } = useT();
  return (
    <Form.Item name="active" label={orgText(lang, 'active')} valuePropName="checked" extra={hint}>
      <Switch data-testid={testId} />
    </Form.Item>
  );
}
