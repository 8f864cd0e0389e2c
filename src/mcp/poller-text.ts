import type { PollerStatus } from '../jobs/index.js';

export function pollerText(status: PollerStatus): string {
  switch (status.poller) {
    case 'this-server':
      return 'this server polls Slurm for them';
    case 'another-process':
      return `slurmdeck process ${status.pid} polls Slurm for them`;
    case 'off':
      return 'background polling is off in this server: run `slurmdeck watch` for events';
    default:
      return 'nobody polls Slurm for them yet: run `slurmdeck watch`';
  }
}
