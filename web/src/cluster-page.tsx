import { useEffect, useState } from 'preact/hooks';
import type { PartitionView } from '../../src/server/schemas.js';
import { cluster, nodes, status } from './api.js';
import { duration, nodeClass } from './format.js';
import { t } from './i18n.js';
import { Failure } from './failure.js';
import { adminAccess, loadAdminAccess, NodeAdmin } from './node-admin.js';

function gpuTypes(p: PartitionView): string {
  const types = Object.entries(p.gpusByType);
  if (types.length === 0) return t('none');
  return types.map(([type, c]) => `${type || 'gpu'} ${c.idle}/${c.total}`).join(', ');
}

/** Partitions with free GPUs by type and CPUs, the node grid, and nodes that need attention. */
export function ClusterPage() {
  const [managed, setManaged] = useState<string>();
  const shown = cluster.value;
  useEffect(() => {
    setManaged(undefined);
    if (shown) void loadAdminAccess();
  }, [shown]);
  const data = status.data.value;
  const admin = adminAccess.value !== undefined;
  const managedNode = nodes.data.value?.nodes.find((n) => n.name === managed);
  if (status.error.value) return <Failure error={status.error.value} />;
  if (!data) return <p class="muted">{t('loading')}</p>;
  return (
    <>
      <h2>{t('partitions')}</h2>
      <table data-testid="partitions">
        <thead>
          <tr>
            <th>{t('partition')}</th>
            <th>{t('state')}</th>
            <th class="num">{t('nodes')}</th>
            <th class="num">{t('freeCpus')}</th>
            <th class="num">{t('freeGpus')}</th>
            <th>{t('gpuTypes')}</th>
            <th>{t('maxTime')}</th>
          </tr>
        </thead>
        <tbody>
          {data.partitions.map((p) => (
            <tr key={p.name} data-partition={p.name}>
              <td>
                {p.name}
                {p.isDefault ? '*' : ''}
              </td>
              <td>{p.availability}</td>
              <td class="num">{p.nodes.length}</td>
              <td class="num">
                {p.cpus.idle}/{p.cpus.total}
              </td>
              <td class="num" data-free-gpus>
                {p.gpus.idle}/{p.gpus.total}
              </td>
              <td>{gpuTypes(p)}</td>
              <td>{duration(p.maxTimeSeconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('nodeGrid')}</h2>
      <div class="grid" role="list">
        {(nodes.data.value?.nodes ?? []).map((n) => (
          <div
            key={n.name}
            role="listitem"
            class={`node ${nodeClass(n)}`}
            title={n.reason ?? (n.responding ? n.stateRaw : t('notResponding'))}
          >
            <b>{n.name}</b>
            {n.stateRaw} · CPU {n.cpus.idle}/{n.cpus.total}
            {n.gpus.total > 0 ? ` · GPU ${n.gpus.idle}/${n.gpus.total}` : ''}
            {admin ? (
              <button
                class="manage"
                aria-label={`${t('manage')} ${n.name}`}
                aria-pressed={managed === n.name}
                onClick={() => setManaged(managed === n.name ? undefined : n.name)}
              >
                {t('manage')}
              </button>
            ) : null}
          </div>
        ))}
      </div>
      {admin && managedNode ? (
        <NodeAdmin
          key={managedNode.name}
          node={managedNode}
          onClose={() => setManaged(undefined)}
        />
      ) : null}
      <h2>{t('attention')}</h2>
      {data.unhealthyNodes.length === 0 ? (
        <p class="muted">{t('allHealthy')}</p>
      ) : (
        <table>
          <tbody>
            {data.unhealthyNodes.map((n) => (
              <tr key={n.name}>
                <td>{n.name}</td>
                <td>
                  {n.state}
                  {n.responding ? '' : '*'}
                </td>
                <td>{n.reason ?? (n.responding ? t('none') : t('notResponding'))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
