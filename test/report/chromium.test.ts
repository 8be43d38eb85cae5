/**
 * The report in headless Chromium (driven over the DevTools protocol on a
 * pipe): the page loads with no console error, exception, blocked or failed
 * load, requests nothing but itself, renders every plot with a size, holds
 * no element from hostile names, and a screenshot shows the plots painted in
 * their colours. Runs in CI (CI=true); skips only when Chromium is missing
 * and CI is unset.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBounds } from '../../src/report/error-bound.js';
import { buildReportInput, renderReport, type ReportInput } from '../../src/report/html/index.js';
import { COLORS } from '../../src/report/html/palette.js';
import { Browser, findChromium, type Page } from './helpers/chromium.js';
import { compile, HOSTILE, smallClassifier, syntheticSet } from './helpers/designs.js';
import { countColor, readPng, type Image } from './helpers/png.js';

const chromium = findChromium();
const skip = chromium === null && !process.env['CI'];

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function countWhere(img: Image, pred: (r: number, g: number, b: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < img.rgba.length; i += 4) if (pred(img.rgba[i] ?? 0, img.rgba[i + 1] ?? 0, img.rgba[i + 2] ?? 0)) n++;
  return n;
}

describe.skipIf(skip)('the report in headless Chromium', () => {
  let dir = '';
  let browser: Browser | undefined;
  let page: Page;
  let input: ReportInput;

  beforeAll(async () => {
    if (chromium === null) throw new Error('chromium is not installed; CI needs the Debian package chromium');
    const g = smallClassifier(true);
    const df = compile(g);
    const set = syntheticSet(g, HOSTILE.slice(0, 4), 500);
    const dense = df.nodes.filter((n) => n.op === 'dense');
    input = buildReportInput(df, {
      ...set,
      title: `report ${HOSTILE[0]}`,
      generated: HOSTILE[1],
      errorBounds: errorBounds(g, df, { min: -6, max: 6 }),
      resources: dense.flatMap((n, i) => [
        { layer: n.name, source: 'estimate' as const, lut: 120 * (i + 1), ff: 90 * (i + 1), latency: 4 + i, ii: 1 },
        { layer: n.name, source: 'yosys' as const, lut: 100 * (i + 1), ff: 80 * (i + 1), dsp: i },
      ]),
    });
    dir = mkdtempSync(join(tmpdir(), 'fixflow-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReport(input));
    browser = Browser.launch(chromium);
    page = await browser.open(pathToFileURL(file).href, 1280, 900);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads with no console error, exception or blocked load, and requests nothing but itself', () => {
    const ev = page.events;
    expect(ev.exceptions).toEqual([]);
    expect(ev.console.filter((c) => c.type === 'error' || c.type === 'warning' || c.type === 'assert')).toEqual([]);
    expect(ev.log.filter((l) => l.level === 'error' || l.level === 'warning')).toEqual([]);
    expect(ev.requests).toEqual([pathToFileURL(join(dir, 'report.html')).href]);
  });

  it('the harness sees what it must reject: a script error, console.error, a load blocked by the CSP', async () => {
    const bad = join(dir, 'bad.html');
    writeFileSync(
      bad,
      `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="img-src data:"></head>` +
        `<body><img src="missing.png"><script>console.error('boom'); notDefined();</script></body></html>`,
    );
    const p = await (browser as Browser).open(pathToFileURL(bad).href, 400, 300);
    expect(p.events.console).toEqual([{ type: 'error', text: 'boom' }]);
    expect(p.events.exceptions.join()).toContain('notDefined');
    expect(p.events.log.some((l) => l.level === 'error' && l.source === 'security')).toBe(true);
    await p.close();
  });

  it('renders every plot with a size, and nothing from the hostile names became markup', async () => {
    const r = await page.evaluate<{
      hist: number[][];
      confusion: number[][];
      accuracy: number[][];
      resources: string[];
      cells: number;
      scripts: number;
      imgs: number;
      handlers: string[];
      textHasScript: boolean;
      title: string;
    }>(`(() => {
      const box = (sel) => [...document.querySelectorAll(sel)].map((e) => { const r = e.getBoundingClientRect(); return [r.width, r.height]; });
      return {
        hist: box('svg.plot.hist'),
        confusion: box('svg.plot.confusion'),
        accuracy: box('svg.plot.accuracy'),
        resources: [...document.querySelectorAll('svg.plot.resources')].map((e) => e.dataset.metric),
        cells: document.querySelectorAll('svg.plot.confusion rect.cell').length,
        scripts: document.querySelectorAll('script').length,
        imgs: document.querySelectorAll('img, iframe, object, embed').length,
        handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
        textHasScript: document.body.textContent.includes('<script>alert(1)</script>'),
        title: document.title,
      };
    })()`);
    expect(r.hist.length).toBe(input.profile?.length);
    expect(r.hist.length).toBeGreaterThanOrEqual(7);
    for (const [w, h] of [...r.hist, ...r.confusion, ...r.accuracy]) {
      expect(w).toBeGreaterThan(100);
      expect(h).toBeGreaterThan(30);
    }
    expect(r.confusion.length).toBe(2);
    expect(r.accuracy.length).toBe(1);
    expect(r.cells).toBe(2 * 16);
    expect(r.resources).toEqual(['lut', 'ff', 'dsp', 'latency', 'ii']);
    expect([r.scripts, r.imgs, r.handlers.length]).toEqual([0, 0, 0]);
    expect(r.textHasScript).toBe(true);
    expect(r.title).toBe(`report ${HOSTILE[0]}`);
  });

  it('screenshot: the page and the plots are painted in their colours', async () => {
    const size = await page.evaluate<Box>('({ x: 0, y: 0, width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight })');
    const png = await page.screenshot(size);
    writeFileSync(join(dir, 'report.png'), png);
    const full = readPng(png);
    expect(full.width).toBe(size.width);
    expect(full.width).toBeGreaterThan(1200);
    expect(full.height).toBe(size.height);
    expect(countWhere(full, (r, g, b) => r > 240 && g > 240 && b > 240)).toBeLessThan(full.width * full.height); // not blank…
    expect(countColor(full, COLORS.fixed)).toBeGreaterThan(500); // …and the accuracy bar and in-range histogram bars are there

    /** Document-coordinate box of the element an expression yields. */
    const boxOf = (element: string): Promise<Box> =>
      page.evaluate<Box>(`(() => { const r = (${element}).getBoundingClientRect(); return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height }; })()`);
    // a histogram with overflowing values: red bars outside the green range band, blue ones inside
    const withOut = await page.evaluate<number>(`[...document.querySelectorAll('svg.plot.hist')].findIndex((s) => s.querySelector('rect.bar.out'))`);
    expect(withOut).toBeGreaterThanOrEqual(0);
    const hist = readPng(await page.screenshot(await boxOf(`document.querySelectorAll('svg.plot.hist')[${withOut}]`)));
    expect(countColor(hist, COLORS.overflow, 4)).toBeGreaterThan(20);
    expect(countColor(hist, COLORS.inRange, 4)).toBeGreaterThan(20);
    expect(countColor(hist, COLORS.rangeBand, 2)).toBeGreaterThan(100);

    // the fixed-point confusion heat map: dark cells on the diagonal
    const heat = readPng(await page.screenshot(await boxOf(`document.querySelector('svg.plot.confusion.fixed')`)));
    expect(countWhere(heat, (r, g, b) => b > 90 && r < 90 && g < 120)).toBeGreaterThan(200);
  });
});
