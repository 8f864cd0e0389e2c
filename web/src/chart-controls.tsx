import { t } from './i18n.js';

export interface ChartSettings {
  logScale: boolean;
  smoothing: number;
}

/** The log-scale toggle and the smoothing slider every chart of a page shares. */
export function ChartControls({
  settings,
  onChange,
}: {
  settings: ChartSettings;
  onChange: (next: ChartSettings) => void;
}) {
  return (
    <>
      <label>
        <input
          type="checkbox"
          checked={settings.logScale}
          onChange={() => onChange({ ...settings, logScale: !settings.logScale })}
        />{' '}
        {t('logScale')}
      </label>
      <label>
        {t('smoothing')}{' '}
        <input
          type="range"
          min="0"
          max="0.99"
          step="0.01"
          value={settings.smoothing}
          data-testid="smoothing"
          onInput={(e) =>
            onChange({ ...settings, smoothing: Number((e.target as HTMLInputElement).value) })
          }
        />{' '}
        <span class="muted">{settings.smoothing.toFixed(2)}</span>
      </label>
    </>
  );
}
