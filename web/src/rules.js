// The rules dialog: the catalogue with a filter, one rule's documentation, and its examples to
// load into the page.

import { $, el } from "./dom.js";
import { renderMarkdown } from "./markdown.js";
import { state } from "./state.js";
import { replaceAll } from "./workspace.js";

export function renderRuleList(filter = "") {
  const q = filter.trim().toLowerCase();
  const list = $("rule-list");
  list.replaceChildren();
  for (const r of state.rules) {
    if (q && !`${r.code} ${r.name} ${r.summary}`.toLowerCase().includes(q)) continue;
    list.append(el("li", {}, el("button", { type: "button", class: "rule-link", dataset: { code: r.code }, onclick: () => showRule(r.code, true) },
      el("span", { class: "code" }, r.code), " ", r.name, el("span", { class: "rule-summary" }, r.summary))));
  }
  if (!list.children.length) list.append(el("li", { class: "hint" }, "No rule matches."));
}

function showRule(code, focus) {
  const r = state.rulesByCode.get(code);
  const doc = $("rule-doc");
  doc.replaceChildren();
  if (!r) {
    doc.append(el("p", {}, `No rule ${code}.`));
    return;
  }
  doc.append(
    el("h3", {}, `${r.code} ${r.name}`),
    el("p", { class: "rule-meta" }, el("span", { class: `sev sev-${r.severity}` }, r.severity), ` ${r.summary}`),
    renderMarkdown(r.documentation),
  );
  const invalid = r.examples.filter((e) => e.playable && Object.keys(e.files).length);
  if (invalid.length) {
    doc.append(el("h4", {}, "Try the examples"));
    for (const ex of invalid) {
      doc.append(el("button", { type: "button", class: "try", onclick: () => {
        const fs = { ...ex.files };
        if (ex.config) fs["mesoslint.toml"] = ex.config;
        $("rules-dialog").close();
        replaceAll(fs);
      } }, `Load the ${ex.valid ? "valid" : "invalid"} example${ex.title ? `: ${ex.title}` : ""}`));
    }
  }
  for (const b of $("rule-list").querySelectorAll("button")) b.setAttribute("aria-current", b.dataset.code === code ? "true" : "false");
  if (focus) doc.focus();
}

export function openRules(code) {
  const d = $("rules-dialog");
  if (!d.open) d.showModal();
  renderRuleList($("rule-filter").value);
  showRule(code ?? state.rules[0]?.code, Boolean(code));
}

export function setRules(rules) {
  state.rules = rules;
  state.rulesByCode = new Map(rules.map((x) => [x.code, x]));
}
