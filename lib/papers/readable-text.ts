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

/** Maps every character through the table, or keeps the ^/_ form when one has no Unicode counterpart. */
function script(text: string, table: Record<string, string>, marker: string): string {
  const chars = [...text];
  return chars.every((c) => table[c]) ? chars.map((c) => table[c]).join("") : `${marker}${text}`;
}

function mathToText(math: string): string {
  return math
    .replace(/\\(?:mathrm|mathbf|mathit|mathcal|mathbb|text|textbf|textit|operatorname|boldsymbol)\s*\{([^{}]*)\}/g, "$1")
    .replace(/\\([A-Za-z]+)/g, (m, name: string) => SYMBOLS[name] ?? name)
    .replace(/\\([%&$#_{}])/g, "$1")
    .replace(/_\{([^{}]*)\}|_(\S)/g, (_m, group: string | undefined, one: string | undefined) => script(group ?? one ?? "", SUB, "_"))
    .replace(/\^\{([^{}]*)\}|\^(\S)/g, (_m, group: string | undefined, one: string | undefined) => script(group ?? one ?? "", SUP, "^"))
    .replace(/[{}]/g, "")
    .replace(/\\[,;:! ]/g, " ");
}

export function readableText(input: string): string {
  let s = input;
  // Accents outside math: na\"ively, \'{e}
  s = s.replace(/\\(["'`^~])\{?([A-Za-z])\}?/g, (m, accent: string, letter: string) => ACCENTS[accent]?.[letter] ?? letter);
  // Inline math $...$ (not $$ pairs spanning paragraphs); a lone "$5" stays as it is.
  s = s.replace(/\$([^$\n]{1,200})\$/g, (_m, math: string) => mathToText(math));
  // Escaped specials and text-mode commands outside math.
  s = s.replace(/\\([%&$#_])/g, "$1");
  s = s.replace(/\\(?:textbf|textit|emph|texttt|textsc|underline)\{([^{}]*)\}/g, "$1");
  s = s.replace(/\\(times|cdot|pm|leq|geq|approx|sim|rightarrow|to)\b/g, (_m, name: string) => SYMBOLS[name] ?? name);
  s = s.replace(/``|''/g, '"');
  // Authors' own macros that arXiv/HF left unexpanded (\METHOD, \ours): the name reads better without the backslash.
  s = s.replace(/\\([A-Za-z]+)\b/g, "$1");
  return s.replace(/[ \t]+/g, " ").trim();
}
