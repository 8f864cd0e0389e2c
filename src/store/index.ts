export {
  openDatabase,
  migrate,
  defaultDatabaseFile,
  type Db,
  type OpenOptions,
} from './database.js';
export { sharedFilesystem } from './filesystem.js';
