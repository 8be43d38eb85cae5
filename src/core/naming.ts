/**
 * Names from model files become identifiers in C++, Verilog and TypeScript.
 * This is the one place that turns them into safe identifiers.
 */
const RESERVED = new Set(
  [
    // C / C++
    'alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t char32_t class compl concept const consteval constexpr constinit const_cast continue co_await co_return co_yield decltype default delete do double dynamic_cast else enum explicit export extern false float for friend goto if inline int long mutable namespace new noexcept not not_eq nullptr operator or or_eq private protected public register reinterpret_cast requires return short signed sizeof static static_assert static_cast struct switch template this thread_local throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t while xor xor_eq main std hls ap_fixed ap_ufixed ap_int ap_uint',
    // Verilog / SystemVerilog
    'always always_comb always_ff always_latch assign automatic begin buf bufif0 bufif1 case casex casez cell cmos config deassign default defparam design disable edge else end endcase endconfig endfunction endgenerate endmodule endprimitive endspecify endtable endtask event for force forever fork function generate genvar highz0 highz1 if ifnone incdir include initial inout input instance integer join large liblist library localparam logic macromodule medium module nand negedge nmos nor noshowcancelled not notif0 notif1 or output parameter pmos posedge primitive pull0 pull1 pulldown pullup pulsestyle_onevent pulsestyle_ondetect rcmos real realtime reg release repeat rnmos rpmos rtran rtranif0 rtranif1 scalared showcancelled signed small specify specparam strong0 strong1 supply0 supply1 table task time tran tranif0 tranif1 tri tri0 tri1 triand trior trireg unsigned use uwire vectored wait wand weak0 weak1 while wire wor xnor xor bit byte shortint longint int string type',
    // TypeScript / JavaScript
    'await break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public any boolean number bigint symbol undefined arguments eval',
  ]
    .join(' ')
    .split(/\s+/),
);

/**
 * A C/Verilog/TS-safe identifier: ASCII letters, digits and `_`, not starting
 * with a digit, no double underscore, not a reserved word, at most 48 chars.
 */
export function sanitizeIdentifier(raw: string): string {
  let s = raw.normalize('NFKD').replace(/[^A-Za-z0-9_]/g, '_');
  s = s.replace(/_+/g, '_').replace(/^_+|_+$/g, '');
  if (s.length === 0) s = 'layer';
  if (s.length > 46) s = s.slice(0, 46).replace(/_+$/, '');
  // a leading digit, or the prefixes of fixflow's own library (fx_, ff_), get a prefix; reserved words a suffix:
  // neither can create the other case, so sanitizing a sanitized name changes nothing
  if (/^[0-9]/.test(s) || /^(fx|ff)_/i.test(s)) s = `l_${s}`;
  else if (RESERVED.has(s) || RESERVED.has(s.toLowerCase())) s = `${s}_l`;
  return s;
}

/**
 * Sanitize a list of names and make them unique (case-insensitively, since
 * some tools fold case), keeping first-come order: `a`, `a` → `a`, `a_2`.
 */
export function uniqueIdentifiers(raw: readonly string[]): string[] {
  const used = new Set<string>();
  return raw.map((name) => {
    const base = sanitizeIdentifier(name);
    let candidate = base;
    for (let k = 2; used.has(candidate.toLowerCase()); k++) candidate = `${base}_${k}`;
    used.add(candidate.toLowerCase());
    return candidate;
  });
}

/** True when `s` is already a safe identifier (what sanitizeIdentifier would return unchanged). */
export function isSafeIdentifier(s: string): boolean {
  return sanitizeIdentifier(s) === s;
}
