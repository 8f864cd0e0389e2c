import { describe, expect, it } from 'vitest';
import { seriesCsv } from './series-csv.js';

const series = (key: string, values: number[]) => ({
  key,
  steps: Float64Array.from(values, (_, i) => i),
  values: Float64Array.from(values),
  times: Float64Array.from(values, (_, i) => 1_780_000_000_000 + i * 500),
});

describe('seriesCsv', () => {
  it('writes every point a line, quotes keys that need it, keeps NaN and infinities', () => {
    const csv = [
      ...seriesCsv([
        { uid: 'r1', series: series('loss', [0.5, NaN]) },
        { uid: 'r1', series: series('a,"b"', [Infinity]) },
      ]),
    ].join('');
    expect(csv).toBe(
      'run,key,step,value,wall_time\n' +
        'r1,loss,0,0.5,1780000000\n' +
        'r1,loss,1,NaN,1780000000.5\n' +
        'r1,"a,""b""",0,Infinity,1780000000\n',
    );
  });

  it('keeps a key that looks like a spreadsheet formula from running', () => {
    const csv = [...seriesCsv([{ uid: 'r1', series: series('=HYPERLINK("x")', [1]) }])].join('');
    expect(csv.split('\n')[1]).toBe('r1,"\'=HYPERLINK(""x"")",0,1,1780000000');
  });

  it('comes in pieces for a long series, not one string of millions of lines', () => {
    const pieces = [...seriesCsv([{ uid: 'r', series: series('x', new Array(25_000).fill(1)) }])];
    expect(pieces.length).toBe(4);
    expect(pieces.join('').split('\n')).toHaveLength(25_002);
  });
});
