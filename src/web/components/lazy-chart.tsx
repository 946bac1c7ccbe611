import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { ChartOption } from './echart.tsx';

const EChart = lazy(() => import('./echart.tsx'));

/** A chart whose library arrives only when the chart is first shown. */
export function LazyChart({ option, height }: { option: ChartOption; height?: number }) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: height ?? 280 }} />}>
      <EChart option={option} height={height} />
    </Suspense>
  );
}
