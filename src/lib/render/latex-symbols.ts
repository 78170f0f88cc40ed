/**
 * The LaTeX vocabulary that abstracts and titles use outside math, as data:
 * text-style commands, symbol commands, control symbols and accents. Anything
 * not listed here stays on the page as the reader wrote it.
 */

/** How a text-style command is shown: the mdast node it becomes. */
export type TextStyle = 'strong' | 'emphasis' | 'code' | 'underline' | 'smallcaps' | 'plain';

/** `\textbf{x}` and friends: commands taking one argument. */
export const STYLE_COMMANDS: Readonly<Record<string, TextStyle>> = {
  textbf: 'strong',
  mathbf: 'strong',
  textit: 'emphasis',
  textsl: 'emphasis',
  emph: 'emphasis',
  texttt: 'code',
  underline: 'underline',
  uline: 'underline',
  textsc: 'smallcaps',
  textrm: 'plain',
  textsf: 'plain',
  textup: 'plain',
  textmd: 'plain',
  textnormal: 'plain',
  text: 'plain',
  mbox: 'plain',
};

/** `{\bf x}` and friends: declarations that style the rest of their group. */
export const STYLE_DECLARATIONS: Readonly<Record<string, TextStyle>> = {
  bf: 'strong',
  bfseries: 'strong',
  em: 'emphasis',
  it: 'emphasis',
  itshape: 'emphasis',
  sl: 'emphasis',
  tt: 'code',
  ttfamily: 'code',
  sc: 'smallcaps',
  scshape: 'smallcaps',
  rm: 'plain',
  sf: 'plain',
  normalfont: 'plain',
};

const GREEK: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π',
  rho: 'ρ', sigma: 'σ', tau: 'τ', upsilon: 'υ', phi: 'ϕ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ',
  Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
};

/** Commands that stand for one character or a short word. */
export const SYMBOL_COMMANDS: Readonly<Record<string, string>> = {
  ...GREEK,
  times: '×', cdot: '·', div: '÷', pm: '±', mp: '∓', approx: '≈', sim: '∼', simeq: '≃', neq: '≠', ne: '≠',
  leq: '≤', le: '≤', geq: '≥', ge: '≥', ll: '≪', gg: '≫', infty: '∞', propto: '∝', circ: '∘',
  to: '→', rightarrow: '→', leftarrow: '←', Rightarrow: '⇒', Leftarrow: '⇐', leftrightarrow: '↔',
  uparrow: '↑', downarrow: '↓', mapsto: '↦', in: '∈', notin: '∉', subset: '⊂', subseteq: '⊆',
  cup: '∪', cap: '∩', forall: '∀', exists: '∃', nabla: '∇', partial: '∂', sum: '∑', prod: '∏',
  prime: '′', degree: '°', textdegree: '°', checkmark: '✓', dag: '†', ddag: '‡', dagger: '†',
  ldots: '…', dots: '…', cdots: '⋯', textellipsis: '…',
  textasciitilde: '~', textbackslash: '\\', textasciicircum: '^', textbar: '|', textbullet: '•',
  textendash: '–', textemdash: '—', textquoteleft: '‘', textquoteright: '’',
  textquotedblleft: '“', textquotedblright: '”', textless: '<', textgreater: '>',
  textregistered: '®', texttrademark: '™', copyright: '©', textcopyright: '©', S: '§', P: '¶',
  euro: '€', pounds: '£', textdollar: '$', textunderscore: '_',
  ss: 'ß', o: 'ø', O: 'Ø', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', l: 'ł', L: 'Ł', i: 'ı',
  LaTeX: 'LaTeX', TeX: 'TeX', quad: '\u2003', qquad: '\u2003\u2003', newline: ' ', par: ' ',
  linebreak: ' ', noindent: '', centering: '', xspace: '', relax: '', footnotesize: '', small: '',
};

/** `\%` and friends: a backslash and one non-letter. */
export const CONTROL_SYMBOLS: Readonly<Record<string, string>> = {
  '%': '%', '&': '&', '_': '_', '#': '#', '$': '$', '{': '{', '}': '}',
  ' ': ' ', '\n': ' ', '\\': ' ', ',': '\u202f', ';': ' ', ':': ' ', '!': '',
  '-': '\u00ad', '@': '', '/': '',
};

/** Accents written with a symbol (`\"o`) or a letter (`\c{c}`), as combining marks. */
export const ACCENTS: Readonly<Record<string, string>> = {
  '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  c: '\u0327', v: '\u030c', u: '\u0306', H: '\u030b', r: '\u030a', k: '\u0328', d: '\u0323', b: '\u0331',
};

/** Accent commands named by a letter; they need an argument, unlike `\c` alone which is unknown. */
export const LETTER_ACCENTS = new Set(['c', 'v', 'u', 'H', 'r', 'k', 'd', 'b']);
