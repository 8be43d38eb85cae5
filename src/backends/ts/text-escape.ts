/**
 * Text from model files (layer names in `source`, the design name) reaches
 * the emitted module only through these two functions: inside comments and
 * inside string literals, never as code.
 */

function asciiOnly(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x20 && c < 0x7f) {
      out += ch;
    } else {
      // control characters, line terminators (including U+2028/U+2029) and non-ASCII
      for (const unit of ch.split('')) out += `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  }
  return out;
}

/** Safe inside a `//` or a `/* … *\/` comment: one line, ASCII, no comment terminator. */
export function escapeComment(text: string): string {
  return asciiOnly(text).replace(/\*\//g, '*\\/').replace(/\/\*/g, '/\\*');
}

/**
 * A double-quoted string literal with the same characters, escaped to ASCII;
 * `*\/` is written `*\\/` (the same string) so that no comment terminator
 * appears anywhere in the module outside real comments.
 */
export function stringLiteral(text: string): string {
  const body = asciiOnly(JSON.stringify(text).slice(1, -1)).replace(/\*\//g, '*\\/');
  return `"${body}"`;
}
