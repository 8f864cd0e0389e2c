import type { z } from 'zod';
import type {
  cancelResponse,
  errorSchema,
  jobResponse,
  submitBody,
  submitResponse,
} from '../../src/server/schemas.js';

// Types only: the schemas stay on the server, the bundle carries none of zod.
export type ErrorBody = z.infer<typeof errorSchema>;
export type JobResponse = z.infer<typeof jobResponse>;
export type JobDetail = JobResponse['job'];
export type JobReport = NonNullable<JobResponse['report']>;
export type SubmitRequestBody = z.input<typeof submitBody>;
export type SubmitResponse = z.infer<typeof submitResponse>;
export type CancelResponse = z.infer<typeof cancelResponse>;

/** `GET .../jobs/{id}/output?cursor=`: the next piece of the job's log from the cursor on. */
export interface OutputResponse {
  path: string;
  size: number;
  start: number;
  nextCursor: number | string;
  more: boolean;
  output: string;
}
