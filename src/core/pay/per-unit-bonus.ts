/**
 * Per-unit bonus (按件奖励): e.g. a designer earns 1 元 per unit sold once a volume is reached. The plan
 * declares whether, once reached, every unit pays (`first-unit`) or only the units above the threshold.
 *
 * @example threshold 1 000 units, 1 元, 1 500 sold: first-unit → 1 500; above-threshold → 500.
 */
import { type Dec, dec } from '../money.ts';
import type { TraceSink } from '../trace.ts';
import type { PerUnitComponent } from './plan.ts';

export function computePerUnit(c: PerUnitComponent, units: number, sink: TraceSink | null): Dec {
  if (units < c.thresholdUnits) {
    sink?.step(
      `销量 ${units} 件未达 ${c.thresholdUnits} 件，无奖励`,
      `${units} units is below ${c.thresholdUnits}: no bonus`,
    );
    return dec(0);
  }
  const paid = c.paysFrom === 'first-unit' ? units : units - c.thresholdUnits;
  const amount = c.amountPerUnit.times(paid);
  sink?.step(
    c.paysFrom === 'first-unit'
      ? `销量 ${units} 件达到 ${c.thresholdUnits} 件，从第一件起计：${units} × ${c.amountPerUnit} = ${amount}`
      : `销量 ${units} 件，超过 ${c.thresholdUnits} 件的部分计：${paid} × ${c.amountPerUnit} = ${amount}`,
    c.paysFrom === 'first-unit'
      ? `${units} units reached ${c.thresholdUnits}, every unit pays: ${units} × ${c.amountPerUnit} = ${amount}`
      : `${units} units, only those above ${c.thresholdUnits} pay: ${paid} × ${c.amountPerUnit} = ${amount}`,
  );
  return amount;
}
