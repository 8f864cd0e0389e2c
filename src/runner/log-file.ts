import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';

/**
 * The run's log, written synchronously so lines land in arrival order. A full disk mid-run stops
 * the logging, not the job: the first failure is reported and later writes are dropped.
 */
export class LogFile {
  readonly path: string;
  #fd: number | undefined;
  readonly #onError: (error: Error) => void;

  constructor(path: string, onError: (error: Error) => void) {
    this.path = path;
    this.#fd = openSync(path, 'a', 0o644);
    this.#onError = onError;
  }

  write(data: Buffer | string): void {
    if (this.#fd === undefined) return;
    try {
      if (typeof data === 'string') writeSync(this.#fd, data);
      else writeSync(this.#fd, data);
    } catch (error) {
      this.close();
      this.#onError(error as Error);
    }
  }

  /** Synced before closing, so a watcher reading the log after the record sees all of it. */
  close(): void {
    const fd = this.#fd;
    if (fd === undefined) return;
    this.#fd = undefined;
    try {
      fsyncSync(fd);
    } catch {
      // some filesystems refuse fsync; the data is written either way
    }
    closeSync(fd);
  }
}
