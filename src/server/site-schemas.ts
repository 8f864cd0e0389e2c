import { z } from 'zod';
import { confirmationFields } from './schemas.js';
import { CAPABILITIES, copyViewSchema, WORK_KINDS } from '../sites/index.js';

export const sitesResponse = z.object({
  sites: z.array(
    z.object({
      name: z.string(),
      title: z.string().optional(),
      builtin: z.boolean(),
      groups: z.array(
        z.object({
          name: z.string(),
          partitions: z.array(z.string()),
          jobHost: z.string(),
          dataHost: z.string().optional(),
        }),
      ),
      pools: z.array(
        z.object({ name: z.string(), mount: z.string(), tier: z.enum(['hot', 'cold']) }),
      ),
      configured: z.boolean().describe('an account at this site is in the config'),
    }),
  ),
});

export const siteRouteQuery = z.object({
  partition: z.string().optional(),
  path: z.string().optional(),
  storage: z.string().optional(),
  for: z.enum(WORK_KINDS).optional(),
  need: z.enum(CAPABILITIES).optional(),
  mapTo: z.string().optional().describe('with path: the same place on this pool'),
});

export const siteRouteResponse = z.object({
  site: z.string(),
  host: z.string(),
  group: z.string(),
  kind: z.enum(WORK_KINDS),
  pool: z.string().optional(),
  writable: z.boolean().optional(),
  reasons: z.array(z.string()),
  mappedPath: z.string().optional(),
});

export const credentialsResponse = z.object({
  credentials: z.array(
    z.object({
      site: z.string(),
      kind: z.enum(['certificate', 'ssh-key', 'api-token', 'unknown']),
      owner: z.string().optional(),
      expires: z.string().optional(),
      status: z.enum(['ok', 'renew', 'expired', 'insecure']),
      note: z.string().optional(),
    }),
  ),
});

export const copiesResponse = z.object({ copies: z.array(copyViewSchema) });

export const copyStartBody = z
  .object({
    site: z
      .string()
      .max(100)
      .optional()
      .describe('a configured site: the data node is chosen by the paths'),
    cluster: z
      .string()
      .max(100)
      .optional()
      .describe("without a site: this cluster's login host copies"),
    source: z.string().min(1).max(4096),
    target: z.string().min(1).max(4096).optional(),
    to: z
      .string()
      .max(100)
      .optional()
      .describe('with site: a pool, or "cold" for the roomiest cold pool'),
    bwlimitKbps: z.number().int().positive().optional(),
    parallel: z.number().int().min(1).max(32).optional().describe('rsync streams at once'),
    confirmToken: z.string().max(200).optional().describe('from the first call with the same body'),
  })
  .strict();

export const copyStartResponse = z.object({
  ...confirmationFields,
  status: z.enum(['confirmation_required', 'started']),
  target: z.string(),
  id: z.string().optional().describe('the copy id, once started'),
});

export const copyCancelResponse = z.object({
  ...confirmationFields,
  status: z.enum(['confirmation_required', 'cancelled', 'not_running']),
  id: z.string(),
});

export const copyResumeResponse = z.object({ id: z.string(), status: z.literal('resumed') });
