/**
 * Tiny builders of inline SVG text. Coordinates are rounded to 0.01 so the
 * output does not depend on float noise; text goes through escapeHtml.
 */
import { escapeHtml } from './escape-html.js';

/** A coordinate or length, rounded to two decimals, without trailing zeros. */
export function coord(v: number): string {
  const r = Math.round(v * 100) / 100;
  return String(Object.is(r, -0) ? 0 : r);
}

export interface SvgDocument {
  readonly width: number;
  readonly height: number;
  /** class attribute, e.g. "plot hist" */
  readonly cls: string;
  /** accessible name, shown as tooltip; escaped here */
  readonly title: string;
  /** extra attributes, already escaped, e.g. data-layer="…" */
  readonly attrs?: string;
  readonly body: readonly string[];
}

export function svgDocument(d: SvgDocument): string {
  const attrs = d.attrs ? ` ${d.attrs}` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="${d.cls}" role="img" width="${coord(d.width)}" height="${coord(d.height)}" ` +
    `viewBox="0 0 ${coord(d.width)} ${coord(d.height)}"${attrs}><title>${escapeHtml(d.title)}</title>\n${d.body.join('\n')}\n</svg>`
  );
}

export interface RectSpec {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly fill: string;
  readonly cls?: string;
  /** tooltip; escaped here */
  readonly tip?: string;
  readonly stroke?: string;
}

export function rect(r: RectSpec): string {
  const cls = r.cls ? ` class="${r.cls}"` : '';
  const stroke = r.stroke ? ` stroke="${r.stroke}"` : '';
  const open = `<rect${cls} x="${coord(r.x)}" y="${coord(r.y)}" width="${coord(Math.max(0, r.w))}" height="${coord(Math.max(0, r.h))}" fill="${r.fill}"${stroke}`;
  return r.tip === undefined ? `${open}/>` : `${open}><title>${escapeHtml(r.tip)}</title></rect>`;
}

export interface TextSpec {
  readonly x: number;
  readonly y: number;
  /** escaped here */
  readonly text: string;
  readonly anchor?: 'start' | 'middle' | 'end';
  readonly size?: number;
  readonly fill?: string;
  /** degrees, around (x, y) */
  readonly rotate?: number;
  readonly weight?: 'bold';
}

export function text(t: TextSpec): string {
  const attrs = [`x="${coord(t.x)}"`, `y="${coord(t.y)}"`];
  if (t.anchor && t.anchor !== 'start') attrs.push(`text-anchor="${t.anchor}"`);
  if (t.size !== undefined) attrs.push(`font-size="${coord(t.size)}"`);
  if (t.fill) attrs.push(`fill="${t.fill}"`);
  if (t.weight) attrs.push(`font-weight="${t.weight}"`);
  if (t.rotate) attrs.push(`transform="rotate(${coord(t.rotate)} ${coord(t.x)} ${coord(t.y)})"`);
  return `<text ${attrs.join(' ')}>${escapeHtml(t.text)}</text>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke: string, dash = false): string {
  const d = dash ? ' stroke-dasharray="4 3"' : '';
  return `<line x1="${coord(x1)}" y1="${coord(y1)}" x2="${coord(x2)}" y2="${coord(y2)}" stroke="${stroke}"${d}/>`;
}

/** Shorten a label to at most `max` characters (for axis text; the full text goes in a tooltip or the table). */
export function clip(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max ? label : chars.slice(0, max - 1).join('') + '…';
}
