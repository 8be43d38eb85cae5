/**
 * Text from model files (layer names, model names) may appear in emitted
 * Verilog only inside `//` comments, after this escaping: printable ASCII
 * only, no comment delimiters, no line breaks, bounded length.
 */
export function escapeComment(text: string, maxLength = 120): string {
  let s = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x20 && c < 0x7f && ch !== '`' && ch !== '\\') s += ch;
    else if (c === 0x0a || c === 0x0d || c === 0x09) s += ' ';
    else s += `\\u{${c.toString(16)}}`;
  }
  // break every delimiter: block comment open and close, line comment
  while (/\/\*|\*\/|\/\//.test(s)) s = s.replace(/\/\*/g, '/ *').replace(/\*\//g, '* /').replace(/\/\//g, '/ /');
  if (s.length > maxLength) s = `${s.slice(0, maxLength - 3)}...`;
  return s;
}
