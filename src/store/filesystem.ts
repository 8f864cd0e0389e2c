import { statfsSync } from 'node:fs';

/** statfs magic numbers of network and parallel filesystems, where SQLite's WAL mode breaks. */
const SHARED_FILESYSTEMS: Record<number, string> = {
  0x6969: 'nfs',
  0x0bd00bd0: 'lustre',
  0x47504653: 'gpfs',
  0xff534d42: 'cifs',
  0xfe534d42: 'smb2',
  0x00c36400: 'ceph',
  0x19830326: 'beegfs',
  0x65735546: 'fuse',
  0x013111a8: 'ibrix',
  0x5346414f: 'afs',
};

/** The shared filesystem `dir` lives on, or undefined for a local one. */
export function sharedFilesystem(dir: string, statfs = statfsSync): string | undefined {
  try {
    return SHARED_FILESYSTEMS[statfs(dir).type];
  } catch {
    return undefined;
  }
}
