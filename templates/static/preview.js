// Citation previews: hovering, focusing or tapping a citation opens a preview beside it: the
// source, the paragraph number, the paragraph with the quoted words marked, and a link into
// the source. Escape, or moving the pointer or focus away, closes it; on a touch screen the
// first tap previews and the link in the preview goes on. The paragraph comes from the source
// page, fetched from this site; where it cannot be (a site opened from files), the preview
// shows the quoted words. Without scripting a citation is the plain link it is in the HTML.
//
// Every element is built with DOM calls (no HTML strings), and the fetched page is parsed,
// never run.
"use strict";

(() => {
  const MARGIN = 8;
  const CLOSE_DELAY = 250; // ms: time to move the pointer from a citation onto its preview
  const pages = new Map(); // source page URL -> Promise of its parsed document (or null)
  let open = null; // {link, box}
  let closing = 0;
  let touched = false; // the last pointer that went down was a finger
  let wasOpen = false; // ... on a citation whose preview was already open
  let refocused = null; // a citation given focus back on closing: not opened again by it
  let count = 0;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function citationOf(node) {
    return node instanceof Element ? node.closest("a.cite") : null;
  }

  function previewOf(node) {
    return node instanceof Element ? node.closest(".preview") : null;
  }

  function target(link) {
    const url = new URL(link.href, document.baseURI);
    const id = url.hash.slice(1).split(":~:")[0];
    url.hash = "";
    return { page: url.href, id };
  }

  function fetchPage(page) {
    if (!pages.has(page)) {
      pages.set(page, fetch(page, { credentials: "same-origin" })
        .then((response) => (response.ok ? response.text() : null))
        .then((html) => (html ? new DOMParser().parseFromString(html, "text/html") : null))
        .catch(() => null));
    }
    return pages.get(page);
  }

  function squeeze(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  // The paragraph's words (without the glossary tooltips inside it), the quote marked.
  function marked(text, quote) {
    const p = el("p", "preview-text");
    const at = quote ? text.indexOf(quote) : -1;
    if (at < 0) {
      p.textContent = text;
      return p;
    }
    p.append(text.slice(0, at), el("mark", "", quote), text.slice(at + quote.length));
    return p;
  }

  function details(doc) {
    const found = {};
    for (const row of doc.querySelectorAll(".source-meta div")) {
      const name = row.querySelector("dt");
      const value = row.querySelector("dd");
      if (name && value) found[squeeze(name.textContent)] = squeeze(value.textContent);
    }
    const title = doc.querySelector("h1");
    return { title: title ? squeeze(title.textContent) : "", ...found };
  }

  async function fill(link, box) {
    const { page, id } = target(link);
    const quote = squeeze(link.dataset.quote || "");
    const number = id.replace(/^p/, "");
    const source = link.dataset.source || "";
    const head = el("p", "preview-source");
    head.append(el("strong", "", source), `, paragraph ${number}`);
    const body = el("div", "preview-body");
    body.id = `${box.id}-text`;
    body.append(marked(`“${quote}”`, ""));
    const go = el("a", "preview-go", `Read paragraph ${number} in the source`);
    go.setAttribute("href", link.getAttribute("href"));
    box.replaceChildren(head, body, go);
    link.setAttribute("aria-describedby", body.id);
    const doc = await fetchPage(page);
    const para = doc && doc.getElementById(id);
    const text = para && para.querySelector(".ptext");
    if (!text || !box.isConnected) return;
    const copy = text.cloneNode(true);
    for (const tip of copy.querySelectorAll(".tip")) tip.remove();
    const about = details(doc);
    const cite = el("p", "preview-about");
    if (about.title) cite.append(el("cite", "", about.title));
    const when = [about.Publisher, about.Published].filter(Boolean).join(", ");
    if (when) cite.append(about.title ? `, ${when}` : when);
    body.replaceChildren(marked(squeeze(copy.textContent), quote));
    head.after(cite);
    place(link, box);
  }

  function place(link, box) {
    box.style.left = "0px";
    box.style.top = "0px";
    const origin = box.getBoundingClientRect();
    const at = link.getBoundingClientRect();
    const limit = document.documentElement.clientWidth - MARGIN;
    let left = at.left;
    if (left + origin.width > limit) left = Math.max(MARGIN, limit - origin.width);
    box.style.left = `${Math.round(left - origin.left)}px`;
    box.style.top = `${Math.round(at.bottom + 6 - origin.top)}px`;
  }

  function close(returnFocus) {
    window.clearTimeout(closing);
    if (!open) return;
    const { link, box } = open;
    open = null;
    const hadFocus = box.contains(document.activeElement);
    box.remove();
    link.setAttribute("aria-expanded", "false");
    link.removeAttribute("aria-describedby");
    if (returnFocus || hadFocus) {
      refocused = link;
      link.focus();
      refocused = null;
    }
  }

  function show(link) {
    window.clearTimeout(closing);
    if (open && open.link === link) return;
    close(false);
    const box = el("div", "preview");
    box.id = `preview-${++count}`;
    box.setAttribute("role", "group");
    const number = target(link).id.replace(/^p/, "");
    box.setAttribute("aria-label", `Preview of ${link.dataset.source || "the source"}, paragraph ${number}`);
    link.after(box);
    link.setAttribute("aria-expanded", "true");
    open = { link, box };
    fill(link, box);
    place(link, box);
  }

  function later() {
    window.clearTimeout(closing);
    closing = window.setTimeout(() => close(false), CLOSE_DELAY);
  }

  for (const link of document.querySelectorAll("a.cite")) {
    link.setAttribute("aria-expanded", "false");
  }

  document.addEventListener("pointerdown", (event) => {
    touched = event.pointerType === "touch" || event.pointerType === "pen";
    const link = citationOf(event.target);
    wasOpen = Boolean(link && open && open.link === link);
  }, true);

  document.addEventListener("click", (event) => {
    const link = citationOf(event.target);
    if (link && touched && !wasOpen) {
      event.preventDefault(); // the first tap previews; the link in the preview goes on
      show(link);
    } else if (open && !previewOf(event.target) && !link) {
      close(false);
    }
  });

  document.addEventListener("mouseover", (event) => {
    const link = citationOf(event.target);
    if (link && !touched) show(link);
    else if (open && (previewOf(event.target) === open.box || link === open.link)) {
      window.clearTimeout(closing);
    }
  });

  document.addEventListener("mouseout", (event) => {
    if (!open || touched) return;
    const from = citationOf(event.target) || previewOf(event.target);
    const to = event.relatedTarget;
    if (from && !(to instanceof Node && (open.link.contains(to) || open.box.contains(to)))) {
      later();
    }
  });

  document.addEventListener("focusin", (event) => {
    const link = citationOf(event.target);
    if (link && link !== refocused) show(link);
    else if (!link && open && !open.box.contains(event.target)) close(false);
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && open) close(true);
  });

  window.addEventListener("resize", () => { if (open) place(open.link, open.box); });
})();
