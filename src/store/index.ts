export {
  openDatabase,
  migrate,
  defaultDatabaseFile,
  type Db,
  type OpenOptions,
} from './database.js';
export { writeTransaction } from './transaction.js';
