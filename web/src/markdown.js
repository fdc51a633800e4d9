// A small Markdown-to-DOM renderer for rule pages: headings, paragraphs, lists, fenced code,
// inline code, emphasis and links. It builds nodes with textContent only, never innerHTML.

function inline(parent, text) {
  const re = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\[[^\]]+\]\([^)\s]+\))/g;
  let last = 0;
  for (let m; (m = re.exec(text)); ) {
    if (m.index > last) parent.append(text.slice(last, m.index));
    const tok = m[0];
    if (m[1]) {
      const code = document.createElement("code");
      code.textContent = tok.slice(1, -1);
      parent.append(code);
    } else if (m[2]) {
      const b = document.createElement("strong");
      b.textContent = tok.slice(2, -2);
      parent.append(b);
    } else {
      const [, label, href] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(tok);
      if (/^https:\/\//.test(href)) {
        const a = document.createElement("a");
        a.href = href;
        a.rel = "noopener noreferrer";
        a.target = "_blank";
        a.textContent = label;
        parent.append(a);
      } else parent.append(label);
    }
    last = m.index + tok.length;
  }
  if (last < text.length) parent.append(text.slice(last));
}

export function renderMarkdown(md) {
  const root = document.createDocumentFragment();
  const lines = md.split("\n");
  let para = null;
  let list = null;
  const flush = () => {
    para = null;
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^```\s*(.*)$/.exec(line);
    if (fence) {
      flush();
      const body = [];
      for (i++; i < lines.length && !/^```/.test(lines[i]); i++) body.push(lines[i]);
      const figure = document.createElement("figure");
      const file = /file:(\S+)/.exec(fence[1]);
      if (file || /config/.test(fence[1])) {
        const cap = document.createElement("figcaption");
        cap.textContent = file ? file[1] : "mesoslint.toml";
        figure.append(cap);
      }
      const pre = document.createElement("pre");
      pre.textContent = body.join("\n");
      figure.append(pre);
      root.append(figure);
      continue;
    }
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    if (h) {
      flush();
      const el = document.createElement(`h${Math.min(6, h[1].length + 2)}`);
      inline(el, h[2]);
      root.append(el);
      continue;
    }
    const li = /^\s*[-*]\s+(.*)$/.exec(line);
    if (li) {
      if (!list) {
        para = null;
        list = document.createElement("ul");
        root.append(list);
      }
      const item = document.createElement("li");
      inline(item, li[1]);
      list.append(item);
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    if (list && /^\s+/.test(line)) {
      list.lastChild.append(" ");
      inline(list.lastChild, line.trim());
      continue;
    }
    if (!para) {
      list = null;
      para = document.createElement("p");
      root.append(para);
    } else para.append(" ");
    inline(para, line.trim());
  }
  return root;
}
