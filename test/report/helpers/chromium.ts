/**
 * Headless Chromium driven over the DevTools protocol on a pipe
 * (--remote-debugging-pipe: we write JSON messages ended by NUL on fd 3 and
 * read them on fd 4), so no npm package and no WebSocket are needed.
 * Collects console messages, exceptions, log entries and network requests.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium binary on PATH, or null. */
export function findChromium(): string | null {
  for (const name of ['chromium', 'chromium-browser']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    const path = r.stdout.trim();
    if (r.status === 0 && path.length > 0) return path;
  }
  return null;
}

type Json = Record<string, unknown>;

interface Pending {
  resolve(v: Json): void;
  reject(e: Error): void;
}

export interface PageEvents {
  /** console.* calls: type and the text of the arguments */
  readonly console: { type: string; text: string }[];
  readonly exceptions: string[];
  /** Log domain entries (network failures, CSP violations, …) */
  readonly log: { level: string; text: string; source: string }[];
  readonly requests: string[];
}

export class Browser {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners: ((m: Json) => void)[] = [];
  private buffer = '';
  private readonly stderr: string[] = [];

  private constructor(
    private readonly proc: ChildProcess,
    private readonly userDir: string,
  ) {
    const input = proc.stdio[4] as Readable;
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => this.receive(chunk));
    (proc.stderr as Readable).on('data', (c: Buffer) => this.stderr.push(c.toString()));
    const fail = (why: string): void => {
      for (const p of this.pending.values()) p.reject(new Error(`${why}\n${this.stderr.join('').slice(-2000)}`));
      this.pending.clear();
    };
    proc.on('exit', () => fail('chromium exited'));
    proc.on('error', (e) => fail(`chromium could not run: ${e.message}`));
    // a write after the browser went away must fail the call, not crash the test process
    (proc.stdio[3] as Writable).on('error', (e) => fail(`pipe to chromium: ${e.message}`));
    input.on('error', (e) => fail(`pipe from chromium: ${e.message}`));
  }

  static launch(binary: string): Browser {
    const userDir = mkdtempSync(join(tmpdir(), 'fixflow-chromium-'));
    const proc = spawn(binary, [...CHROMIUM_FLAGS, `--user-data-dir=${userDir}`, '--remote-debugging-pipe', 'about:blank'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    });
    return new Browser(proc, userDir);
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\0')) >= 0) {
      const text = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 1);
      const msg = JSON.parse(text) as Json;
      const id = msg['id'];
      if (typeof id === 'number') {
        const p = this.pending.get(id);
        this.pending.delete(id);
        const err = msg['error'] as { message?: string } | undefined;
        if (err) p?.reject(new Error(`CDP: ${err.message ?? JSON.stringify(err)}`));
        else p?.resolve((msg['result'] ?? {}) as Json);
      } else {
        for (const l of [...this.listeners]) l(msg);
      }
    }
  }

  /** One protocol call; rejects after `timeoutMs` so a stuck browser fails the test instead of hanging it. */
  send(method: string, params: Json = {}, sessionId?: string, timeoutMs = 15_000): Promise<Json> {
    const id = this.nextId++;
    const msg: Json = { id, method, params };
    if (sessionId) msg['sessionId'] = sessionId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`CDP: no answer to ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = <T>(f: (v: T) => void) => (v: T): void => {
        clearTimeout(timer);
        f(v);
      };
      this.pending.set(id, { resolve: done(resolve), reject: done(reject) });
      (this.proc.stdio[3] as Writable).write(JSON.stringify(msg) + '\0');
    });
  }

  /** Wait for the first event `method` (of the session) for which `accept` holds. */
  waitFor(method: string, sessionId: string, timeoutMs: number): Promise<Json> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off(listener);
        reject(new Error(`timed out waiting for ${method}`));
      }, timeoutMs);
      const listener = (m: Json): void => {
        if (m['method'] !== method || m['sessionId'] !== sessionId) return;
        clearTimeout(timer);
        this.off(listener);
        resolve((m['params'] ?? {}) as Json);
      };
      this.listeners.push(listener);
    });
  }

  private off(l: (m: Json) => void): void {
    const i = this.listeners.indexOf(l);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  /** Open a page of the given viewport and record its events; resolves after the load event. */
  async open(url: string, width: number, height: number): Promise<Page> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const events: PageEvents = { console: [], exceptions: [], log: [], requests: [] };
    this.listeners.push((m) => {
      if (m['sessionId'] !== sessionId) return;
      const p = (m['params'] ?? {}) as Json;
      switch (m['method']) {
        case 'Runtime.consoleAPICalled': {
          const args = (p['args'] as { value?: unknown; description?: string }[] | undefined) ?? [];
          events.console.push({ type: String(p['type']), text: args.map((a) => String(a.value ?? a.description ?? '')).join(' ') });
          break;
        }
        case 'Runtime.exceptionThrown':
          events.exceptions.push(JSON.stringify(p['exceptionDetails']));
          break;
        case 'Log.entryAdded': {
          const e = p['entry'] as { level: string; text: string; source: string };
          events.log.push({ level: e.level, text: e.text, source: e.source });
          break;
        }
        case 'Network.requestWillBeSent':
          events.requests.push(String((p['request'] as { url?: string } | undefined)?.url));
          break;
        default:
          break;
      }
    });
    for (const domain of ['Runtime', 'Log', 'Page', 'Network']) await this.send(`${domain}.enable`, {}, sessionId);
    await this.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false }, sessionId);
    const loaded = this.waitFor('Page.loadEventFired', sessionId, 15_000);
    const nav = (await this.send('Page.navigate', { url }, sessionId)) as { errorText?: string };
    if (nav.errorText) throw new Error(`navigation failed: ${nav.errorText}`);
    await loaded;
    return new Page(this, targetId, sessionId, events);
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) resolve();
      else this.proc.once('exit', () => resolve());
    });
    try {
      await Promise.race([this.send('Browser.close'), new Promise((r) => setTimeout(r, 3000))]);
    } catch {
      // the browser may close the pipe before answering
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(this.userDir, { recursive: true, force: true });
  }
}

export class Page {
  constructor(
    private readonly browser: Browser,
    private readonly targetId: string,
    private readonly sessionId: string,
    readonly events: PageEvents,
  ) {}

  /** Close the tab (a headless browser paints only its foreground tab, so close extra ones before screenshots). */
  async close(): Promise<void> {
    await this.browser.send('Target.closeTarget', { targetId: this.targetId });
  }

  /** Evaluate a JavaScript expression in the page; returns its JSON value. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = (await this.browser.send('Runtime.evaluate', { expression, returnByValue: true }, this.sessionId)) as {
      result: { value?: T };
      exceptionDetails?: unknown;
    };
    if (r.exceptionDetails) throw new Error(`evaluate failed: ${JSON.stringify(r.exceptionDetails)}`);
    return r.result.value as T;
  }

  /** PNG bytes of a region of the page (CSS pixels, document coordinates), or of the viewport. */
  async screenshot(clip?: { x: number; y: number; width: number; height: number }): Promise<Buffer> {
    const params: Json = { format: 'png', captureBeyondViewport: true };
    if (clip) params['clip'] = { ...clip, scale: 1 };
    const r = (await this.browser.send('Page.captureScreenshot', params, this.sessionId)) as { data: string };
    return Buffer.from(r.data, 'base64');
  }
}
