// The fused chain's window expansion (tumbling and sliding fast paths) equals Spark's window formula.
import t from 'tap';
import { compileChain, EventTimeStats } from '../../runtime/chain';
import { windowsFor } from '../../operators/window-expand';
import type { Row } from '../../plan/types';

function expand(sizeMs: number, slideMs: number, startMs: number, times: number[]): Row[] {
  const out: Row[] = [];
  const push = compileChain([{ kind: 'windowExpand', window: { kind: 'window', timeCol: { kind: 'col', name: 't' }, sizeMs, slideMs, startMs }, outputName: 'w', inputColumns: ['t'] }],
    { eventTimeStats: [new EventTimeStats()], batchTimestampMs: () => 0 }, (r) => { out.push(r); });
  for (const time of times) push({ t: time });
  return out;
}

t.test('windows per row equal windowsFor for tumbling, sliding, uneven sizes, start times, negative times', async (t) => {
  const cases: [number, number, number][] = [[5000, 5000, 0], [10000, 2000, 0], [7000, 3000, 1000], [10000, 3000, 0], [1000, 1000, 250], [9000, 4000, -500]];
  let x = 12345;
  const rand = () => { x = (x * 1103515245 + 12345) % 2147483648; return x / 2147483648; };
  for (const [size, slide, start] of cases) {
    // sorted and clustered times, so consecutive rows share window starts (the cached paths)
    const times = Array.from({ length: 400 }, (_, i) => Math.floor(-20000 + i * 97 + rand() * 50)).sort((a, b) => a - b);
    const got = expand(size, slide, start, times).map((r) => `${r.t}:${(r.w as { start: number }).start}`).sort();
    const want = times.flatMap((time) => windowsFor(time, size, slide, start).map((w) => `${time}:${w.start}`)).sort();
    t.same(got, want, `size ${size} slide ${slide} start ${start}`);
  }
});
