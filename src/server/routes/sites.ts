import { Hono } from 'hono';
import {
  copyStatesOnHosts,
  copyView,
  createCopyStore,
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
import {
  copiesResponse,
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

  return app;
}
