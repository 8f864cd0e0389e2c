declare module '../events/types.js' {
  interface EventPayloads {
    /** A run started, or resumed (attempt > 1), possibly rewound to `resumeStep`. */
    'tracker.run.started': {
      uid: string;
      project: string;
      name: string;
      jobId: string | undefined;
      attempt: number;
      resumeStep: number | undefined;
    };
    'tracker.run.finished': {
      uid: string;
      project: string;
      status: string;
      exitCode: number | undefined;
      jobOutcome: string | undefined;
    };
  }
}

/** Every tracker event kind starts with this. */
export const TRACKER_EVENTS = 'tracker.';

/** The subject of a run's events. */
export const runSubject = (uid: string) => `run/${uid}`;
