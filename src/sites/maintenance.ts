import type { MaintenanceWindow, SiteProfile } from './profile-schema.js';

export interface MaintenanceClash {
  window: MaintenanceWindow;
  starts: Date;
  ends: Date;
}

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/**
 * The first maintenance window that work running from `start` for `minutes` would cross, in the
 * site's own time zone (a Wednesday 10:00 in Hong Kong is not a Wednesday 10:00 here).
 */
export function maintenanceClash(
  profile: Pick<SiteProfile, 'maintenance' | 'timezone'>,
  start: Date,
  minutes: number,
): MaintenanceClash | undefined {
  const from = start.getTime();
  const to = from + minutes * 60_000;
  let first: MaintenanceClash | undefined;
  for (let day = -1; day * DAY_MS <= to - from + DAY_MS; day++) {
    const local = localDate(new Date(from + day * DAY_MS), profile.timezone);
    for (const window of profile.maintenance) {
      if (WEEKDAYS[local.weekday] !== window.weekly) continue;
      const starts = zonedInstant(local, window.from, profile.timezone);
      const ends = zonedInstant(local, window.to, profile.timezone);
      if (starts.getTime() < to && ends.getTime() > from && (!first || starts < first.starts)) {
        first = { window, starts, ends };
      }
    }
  }
  return first;
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
  weekday: number;
}

function localDate(at: Date, zone: string): LocalDate {
  const p = parts(at.getTime(), zone);
  return {
    year: p.year,
    month: p.month,
    day: p.day,
    weekday: new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay(),
  };
}

/** The instant a wall-clock time of a local date happens in a zone (DST-aware). */
function zonedInstant(date: LocalDate, clock: string, zone: string): Date {
  const [hour, minute] = clock.split(':').map(Number) as [number, number];
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  let at = wall - offsetMs(wall, zone);
  at = wall - offsetMs(at, zone);
  return new Date(at);
}

/** How far the zone's wall clock is ahead of UTC at an instant. */
function offsetMs(at: number, zone: string): number {
  const p = parts(at, zone);
  return (
    Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000
  );
}

function parts(at: number, zone: string) {
  const values: Record<string, number> = {};
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  for (const part of format.formatToParts(at)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return values as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
}
