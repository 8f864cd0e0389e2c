import { createLocalTransport } from '../../src/transport/index.js';
import type { ExecOptions, Transport } from '../../src/transport/types.js';

/**
 * This machine's shell as a cluster's transport, noting how many new bytes each tail request
 * (`T ...` lines of the read plan on stdin) of the last command asked for.
 */
export function notingLocalTransport() {
  const local = createLocalTransport();
  let asked: number[] = [];
  const transport: Transport = {
    ...local,
    exec: (argv: readonly string[], options?: ExecOptions) => {
      asked = String(options?.stdin ?? '')
        .split('\n')
        .filter((line) => line.startsWith('T '))
        .map((line) => Number(line.split(' ')[4]));
      return local.exec(argv, options);
    },
  };
  return { transport, asked: () => asked };
}
