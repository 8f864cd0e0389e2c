import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeTrackerStore } from '../../test/helpers/tracker-store-suite.js';
import { openDatabase } from '../store/index.js';
import { createSqliteTrackerStore } from './sqlite-store.js';

describeTrackerStore('the SQLite tracker store', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'slurmdeck-tracker-')), 'state.db');
  const db = openDatabase({ file });
  return {
    store: createSqliteTrackerStore(db),
    async bytesOnDisk() {
      db.pragma('wal_checkpoint(TRUNCATE)');
      return statSync(file).size;
    },
  };
});
