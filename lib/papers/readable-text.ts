// Titles and abstracts arrive with bits of LaTeX (`H$_2$O`, `$100\times$`, `30\%`, `na\"ively`). Readers should
// see "H₂O", "100×", "30%", "naïvely" in both the HTML and the plain-text mail. This returns plain text: callers
// must still escape it for HTML (React does), so any "<projektor>" in an abstract is shown, never rendered.

const SYMBOLS: Record<string, string> = {
  times: "×", cdot: "·", pm: "±", mp: "∓", leq: "≤", le: "≤", geq: "≥", ge: "≥", neq: "≠", ne: "≠", approx: "≈",
  sim: "~", simeq: "≃", propto: "∝", infty: "∞", rightarrow: "→", to: "→", leftarrow: "←", Rightarrow: "⇒",
  leftrightarrow: "↔", uparrow: "↑", downarrow: "↓", in: "∈", notin: "∉", subset: "⊂", subseteq: "⊆", cup: "∪",
  cap: "∩", sum: "∑", prod: "∏", int: "∫", partial: "∂", nabla: "∇", sqrt: "√", forall: "∀", exists: "∃",
  ldots: "…", dots: "…", cdots: "⋯", circ: "∘", deg: "°", prime: "′", star: "⋆", ast: "∗", log: "log", exp: "exp",
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", varepsilon: "ε", zeta: "ζ", eta: "η", theta: "θ",
  iota: "ι", kappa: "κ", lambda: "λ", mu: "μ", nu: "ν", xi: "ξ", pi: "π", rho: "ρ", sigma: "σ", tau: "τ",
  upsilon: "υ", phi: "φ", varphi: "φ", chi: "χ", psi: "ψ", omega: "ω", Gamma: "Γ", Delta: "Δ", Theta: "Θ",
  Lambda: "Λ", Xi: "Ξ", Pi: "Π", Sigma: "Σ", Phi: "Φ", Psi: "Ψ", Omega: "Ω",
};

const SUB: Record<string, string> = {
  "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉",
  "+": "₊", "-": "₋", "=": "₌", "(": "₍", ")": "₎", a: "ₐ", e: "ₑ", i: "ᵢ", j: "ⱼ", k: "ₖ", n: "ₙ", o: "ₒ",
  t: "ₜ", x: "ₓ",
};
const SUP: Record<string, string> = {
  "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
  "+": "⁺", "-": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", n: "ⁿ", i: "ⁱ", T: "ᵀ", "*": "*", "∗": "*", "′": "′",
};
const ACCENTS: Record<string, Record<string, string>> = {
  '"': { a: "ä", e: "ë", i: "ï", o: "ö", u: "ü", A: "Ä", O: "Ö", U: "Ü" },
  "'": { a: "á", e: "é", i: "í", o: "ó", u: "ú", E: "É" },
  "`": { a: "à", e: "è", i: "ì", o: "ò", u: "ù" },
  "^": { a: "â", e: "ê", i: "î", o: "ô", u: "û" },
  "~": { n: "ñ", a: "ã", o: "õ" },
};

// Size and style switches change how text looks, not what it says: they are dropped with their braces.
const SWITCHES = "tiny|scriptsize|footnotesize|small|normalsize|large|Large|LARGE|huge|Huge|displaystyle|textstyle|scriptstyle|scriptscriptstyle|rm|bf|it|tt|sf|sc|em|bfseries|itshape|ttfamily|sffamily|scshape|normalfont";
const SWITCH_GROUP = new RegExp(`\\{\\\\(?:${SWITCHES})\\b\\s*([^{}]*)\\}`, "g");
const SWITCH = new RegExp(`\\\\(?:${SWITCHES})\\b\\s*`, "g");
// Font commands wrap their argument: \mathtt{F} reads "F".
const FONT = /\\(?:mathrm|mathbf|mathit|mathtt|mathsf|mathcal|mathbb|mathfrak|mathscr|text|textbf|textit|textrm|textsf|texttt|textnormal|textup|mbox|operatorname|boldsymbol)\s*\{([^{}]*)\}/g;
// The same commands after something upstream stripped their backslash and braces, glued to what they formatted
// ("Inference Scaling scriptsizeFLaws"): names no word starts with, followed by a capital or a digit.
const STRIPPED = /\b(?:scriptsize|footnotesize|normalsize|scriptscriptstyle|displaystyle|scriptstyle|textstyle|math(?:rm|bf|it|tt|sf|cal|bb|frak|scr)|text(?:rm|bf|it|tt|sf|sc|normal|up))(?=[A-Z0-9])/g;

/** Maps every character through the table, or keeps the ^/_ form when one has no Unicode counterpart. */
function script(text: string, table: Record<string, string>, marker: string): string {
  const chars = [...text];
  return chars.every((c) => table[c]) ? chars.map((c) => table[c]).join("") : `${marker}${text}`;
}

function mathToText(math: string): string {
  return math
    .replace(SWITCH_GROUP, "$1")
    .replace(SWITCH, "")
    .replace(FONT, "$1")
    .replace(/\\([A-Za-z]+)/g, (m, name: string) => SYMBOLS[name] ?? name)
    .replace(/\\([%&$#_{}])/g, "$1")
    .replace(/_\{([^{}]*)\}|_(\S)/g, (_m, group: string | undefined, one: string | undefined) => script(group ?? one ?? "", SUB, "_"))
    .replace(/\^\{([^{}]*)\}|\^(\S)/g, (_m, group: string | undefined, one: string | undefined) => script(group ?? one ?? "", SUP, "^"))
    .replace(/[{}]/g, "")
    .replace(/\\[,;:! ]/g, " ");
}

export function readableText(input: string): string {
  let s = input.replace(STRIPPED, "");
  // Switches outside math: {\scriptsize F}Laws
  s = s.replace(SWITCH_GROUP, "$1");
  // Accents outside math: na\"ively, \'{e}
  s = s.replace(/\\(["'`^~])\{?([A-Za-z])\}?/g, (m, accent: string, letter: string) => ACCENTS[accent]?.[letter] ?? letter);
  // Inline math $...$ (not $$ pairs spanning paragraphs); a lone "$5" stays as it is.
  s = s.replace(/\$([^$\n]{1,200})\$/g, (_m, math: string) => mathToText(math));
  // Escaped specials and text-mode commands outside math.
  s = s.replace(/\\([%&$#_])/g, "$1");
  s = s.replace(/\\(?:textbf|textit|emph|texttt|textsc|textrm|textsf|textnormal|underline|mbox)\{([^{}]*)\}/g, "$1");
  s = s.replace(SWITCH, "");
  s = s.replace(/\\(times|cdot|pm|leq|geq|approx|sim|rightarrow|to)\b/g, (_m, name: string) => SYMBOLS[name] ?? name);
  s = s.replace(/``|''/g, '"');
  // Authors' own macros that arXiv/HF left unexpanded (\METHOD, \ours): the name reads better without the backslash.
  s = s.replace(/\\([A-Za-z]+)\b/g, "$1");
  return s.replace(/[ \t]+/g, " ").trim();
}
