import type { Context } from 'hono';
import { Hono } from 'hono';
import {
  cancelCopy,
  copyStates,
  copyStatesOnHosts,
  copySummary,
  copyTarget,
  copyView,
  createCopyStore,
  resumeCopy,
  startCopy,
  type CopyRow,
  listCredentials,
  loadSiteProfiles,
  mapPath,
  routeFor,
  routeTargetOf,
  siteProfile,
} from '../../sites/index.js';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import { parseInput } from '../input.js';
import { jsonBody } from '../json-body.js';
import { requireRole } from '../middleware.js';
import { cancelBody } from '../schemas.js';
import {
  copiesResponse,
  copyCancelResponse,
  copyResumeResponse,
  copyStartBody,
  copyStartResponse,
  credentialsResponse,
  siteRouteQuery,
  siteRouteResponse,
  sitesResponse,
} from '../site-schemas.js';

/** Sites (profiles and routing), stored credentials (never a value) and data copies. */
export function siteRoutes(deps: ServerDeps) {
  const app = new Hono<ServerEnv>();

  app.get('/sites', (c) => {
    const configured = deps.config().sites;
    const sites = [...loadSiteProfiles().values()].map(({ name, profile, builtin }) => ({
      name,
      ...(profile.title ? { title: profile.title } : {}),
      builtin,
      groups: Object.entries(profile.groups).map(([g, v]) => ({
        name: g,
        partitions: v.partitions,
        jobHost: v.entry.job,
        ...(v.entry.data ? { dataHost: v.entry.data } : {}),
      })),
      pools: Object.entries(profile.storage).map(([p, v]) => ({
        name: p,
        mount: v.mount,
        tier: v.tier,
      })),
      configured: Object.entries(configured).some(([s, a]) => (a.profile ?? s) === name),
    }));
    return c.json(sitesResponse.parse({ sites }));
  });

  app.get('/sites/:site/route', (c) => {
    const site = c.req.param('site');
    const query = parseInput(siteRouteQuery, c.req.query(), 'query');
    const { profile } = siteProfile(site);
    const route = routeFor(site, profile, {
      target: routeTargetOf(query),
      ...(query.for ? { for: query.for } : {}),
      ...(query.need ? { need: query.need } : {}),
    });
    const mapped =
      query.mapTo && query.path ? mapPath(site, profile, query.path, query.mapTo) : undefined;
    return c.json(
      siteRouteResponse.parse({ site, ...route, ...(mapped ? { mappedPath: mapped } : {}) }),
    );
  });

  app.get('/credentials', async (c) => {
    const credentials = (await listCredentials()).map(
      ({ file: _f, validFrom: _v, ...rest }) => rest,
    );
    return c.json(credentialsResponse.parse({ credentials }));
  });

  app.get('/data/copies', async (c) => {
    const rows = createCopyStore(deps.db).list();
    const states = await copyStatesOnHosts(rows, (name) => deps.cluster(name).transport);
    const copies = states.map((state) => copyView(state, deps.redact));
    return c.json(copiesResponse.parse({ copies }));
  });

  // Starting a copy asks first: rsync overwrites what differs at the target.
  app.post('/data/copies', requireRole('operate'), async (c) => {
    const { confirmToken, cluster, ...ask } = parseInput(copyStartBody, await jsonBody(c), 'body');
    const where = await copyTarget(
      {
        config: () => deps.config(),
        clusterName: () => deps.cluster(cluster).name,
        transportOf: (name) => deps.cluster(name).transport,
      },
      ask,
    );
    const summary = copySummary(ask.source, where, ask.parallel);
    const principal = c.get('principal');
    const binding = {
      action: 'data.copy',
      principal: principal.name,
      args: { ...ask, cluster: where.cluster, target: where.target },
    };
    if (confirmToken === undefined) {
      const { token, expiresAt } = deps.confirmations.issue(binding);
      return c.json(
        copyStartResponse.parse({
          cluster: where.cluster,
          target: where.target,
          status: 'confirmation_required',
          summary,
          confirmToken: token,
          expiresAt,
        }),
      );
    }
    deps.confirmations.consume(confirmToken, binding);
    const row = await deps.audit.run(
      {
        actor: principal.name,
        action: 'data.copy',
        cluster: where.cluster,
        target: { source: ask.source, target: where.target },
        confirmedVia: 'token',
      },
      () =>
        startCopy(
          { cluster: where.cluster, transport: deps.cluster(where.cluster).transport },
          createCopyStore(deps.db),
          {
            source: ask.source,
            target: where.target,
            rsyncArgs: ask.bwlimitKbps ? [`--bwlimit=${ask.bwlimitKbps}`] : [],
            parallel: ask.parallel ?? 1,
          },
        ),
    );
    return c.json(
      copyStartResponse.parse({
        cluster: where.cluster,
        target: where.target,
        status: 'started',
        summary,
        id: row.id,
      }),
      201,
    );
  });

  const copyOf = (c: Context<ServerEnv>): CopyRow =>
    createCopyStore(deps.db).require(c.req.param('id') ?? '', 'GET /api/data/copies lists them.');
  const hostOf = (row: CopyRow) => ({
    cluster: row.cluster,
    transport: deps.cluster(row.cluster).transport,
  });

  app.post('/data/copies/:id/cancel', requireRole('operate'), async (c) => {
    const row = copyOf(c);
    const { confirmToken } = parseInput(cancelBody, await jsonBody(c, true), 'body');
    const [state] = await copyStates(hostOf(row), [row]);
    const base = { cluster: row.cluster, id: row.id };
    if (state?.phase !== 'running') {
      return c.json(
        copyCancelResponse.parse({
          ...base,
          status: 'not_running',
          summary: `Copy ${row.id} is not running (${state?.phase ?? 'gone'}).`,
        }),
      );
    }
    const summary = `Stop copy ${row.id} (${row.source} -> ${row.target}) on cluster ${row.cluster}; the partial files stay, and a resume continues from them.`;
    const principal = c.get('principal');
    const binding = { action: 'data.cancel', principal: principal.name, args: base };
    if (confirmToken === undefined) {
      const { token, expiresAt } = deps.confirmations.issue(binding);
      return c.json(
        copyCancelResponse.parse({
          ...base,
          status: 'confirmation_required',
          summary,
          confirmToken: token,
          expiresAt,
        }),
      );
    }
    deps.confirmations.consume(confirmToken, binding);
    const stopped = await deps.audit.run(
      {
        actor: principal.name,
        action: 'data.cancel',
        cluster: row.cluster,
        target: { id: row.id },
        confirmedVia: 'token',
      },
      () => cancelCopy(hostOf(row), row),
    );
    return c.json(
      copyCancelResponse.parse({
        ...base,
        status: stopped ? 'cancelled' : 'not_running',
        summary: stopped ? summary : `Copy ${row.id} ended before it could be stopped.`,
      }),
    );
  });

  app.post('/data/copies/:id/resume', requireRole('operate'), async (c) => {
    const row = copyOf(c);
    await deps.audit.run(
      {
        actor: c.get('principal').name,
        action: 'data.resume',
        cluster: row.cluster,
        target: { id: row.id },
        confirmedVia: 'not-needed',
      },
      () => resumeCopy(hostOf(row), row, createCopyStore(deps.db)),
    );
    return c.json(copyResumeResponse.parse({ id: row.id, status: 'resumed' }));
  });

  return app;
}
