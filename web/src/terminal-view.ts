// The live terminal, loaded on demand (its own chunk): xterm.js on a WebSocket to the session's
// tmux pane. Binary frames are the terminal's bytes both ways; a text frame resizes.
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';

export type TerminalState = 'connecting' | 'open' | 'closed' | 'failed';

export interface TerminalHandlers {
  onState(state: TerminalState, reason?: string): void;
  /** The key that hands focus back to the page (ctrl-]): a terminal otherwise keeps Tab. */
  onLeave(): void;
}

const STYLESHEET = '/assets/terminal.css';

function loadStylesheet(): void {
  if (document.querySelector(`link[href="${STYLESHEET}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = STYLESHEET;
  document.head.append(link);
}

/** The page's own colours (light or dark), so the terminal matches the theme. */
function pageTheme(): ITheme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    background: v('--bg'),
    foreground: v('--fg'),
    cursor: v('--fg'),
    selectionBackground: v('--line'),
  };
}

/** Opens a terminal in `box` on the WebSocket at `url`; returns what closes it (a detach). */
export function mountTerminal(box: HTMLElement, url: string, handlers: TerminalHandlers) {
  loadStylesheet();
  const term = new Terminal({
    cursorBlink: true,
    fontFamily: "ui-monospace, 'SF Mono', Menlo, Consolas, monospace",
    fontSize: 13,
    scrollback: 5000,
    theme: pageTheme(),
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(box);
  fit.fit();
  term.attachCustomKeyEventHandler((event) => {
    if (event.type === 'keydown' && event.ctrlKey && event.key === ']') {
      handlers.onLeave();
      return false;
    }
    return true;
  });

  const size = `cols=${term.cols}&rows=${term.rows}`;
  const ws = new WebSocket(`${url}?${size}`);
  ws.binaryType = 'arraybuffer';
  const encoder = new TextEncoder();
  let opened = false;
  let leaving = false;
  handlers.onState('connecting');
  // What is typed before the socket opens waits for it, in order.
  let waiting: Array<Uint8Array | string> = [];
  ws.addEventListener('open', () => {
    for (const message of waiting) ws.send(message);
    waiting = [];
    term.focus();
  });
  ws.addEventListener('message', (event: MessageEvent<ArrayBuffer | string>) => {
    // The first screen tmux draws says it is attached.
    if (!opened) handlers.onState('open');
    opened = true;
    term.write(typeof event.data === 'string' ? event.data : new Uint8Array(event.data));
  });
  ws.addEventListener('close', (event) => {
    const ended = leaving || (opened && event.code === 1000);
    handlers.onState(ended ? 'closed' : 'failed', event.reason);
  });
  const send = (message: Uint8Array | string) => {
    if (ws.readyState === WebSocket.CONNECTING) waiting.push(message);
    else if (ws.readyState === WebSocket.OPEN) ws.send(message);
  };
  term.onData((text) => send(encoder.encode(text)));
  // Mouse reports and the like: one byte per character, not UTF-8.
  term.onBinary((text) => send(Uint8Array.from(text, (c) => c.charCodeAt(0))));
  const showSize = () => Object.assign(box.dataset, { cols: term.cols, rows: term.rows });
  showSize();
  term.onResize(({ cols, rows }) => {
    showSize();
    send(JSON.stringify({ type: 'resize', cols, rows }));
  });

  const resized = new ResizeObserver(() => fit.fit());
  resized.observe(box);
  // Light or dark, chosen on the page or by the system: the terminal follows.
  const restyle = () => (term.options.theme = pageTheme());
  const themeChanged = new MutationObserver(restyle);
  themeChanged.observe(document.documentElement, { attributeFilter: ['data-theme'] });
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  scheme.addEventListener('change', restyle);

  return {
    focus: () => term.focus(),
    close() {
      leaving = true;
      resized.disconnect();
      themeChanged.disconnect();
      scheme.removeEventListener('change', restyle);
      ws.close();
      term.dispose();
    },
  };
}

export type MountedTerminal = ReturnType<typeof mountTerminal>;
