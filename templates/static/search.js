// Search page: queries the Pagefind index in the browser and lists what matches, each result
// linking to the exact place: a profile, a glossary term (#id) or a source paragraph (#pN).
//
// Order: results whose name or alias matches come first, profiles before glossary terms; then
// the rest, again profiles, then glossary terms, then sources and other pages; Pagefind's own
// ranking decides within each group. Pages say which group they are in with the Pagefind meta
// `rank` (1 profiles, 2 glossary; the rest 3), and names and aliases are the words they mark
// with a high data-pagefind-weight.
//
// Every element is built with DOM calls (no HTML strings): no text from the index is parsed.

// A classic script, not a module: opened from a file, a module would not even load, while
// this one does and can say that search needs a web server.
"use strict";

(() => {
  const MAX_RESULTS = 60;
  const MAX_PLACES = 4; // paragraphs listed under one source
  const EXCERPT_WORDS = 30;
  const NAME_WEIGHT = 4; // names weigh 10 (profiles) or 8 (terms); Pagefind halves partial matches
  const OTHER_RANK = 3;
  const SPLIT_KINDS = new Set(["Glossary term", "Comparison"]); // one result per section
  const PARAGRAPH_ID = /^p(\d+)$/;
  const CLOSING = /^[.,;:!?)\]’”]+$/; // punctuation that Pagefind sets apart as a word

  const root = document.querySelector(".search-page");
  const form = root.querySelector("form");
  const input = form.querySelector("input[name=q]");
  const statusLine = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const fallback = document.getElementById("search-fallback");

  let pagefind = null;
  let latest = 0; // number of the newest search, so older answers are dropped
  let timer = 0;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function words(content) {
    return content.split(/[\r\n\s]+/g);
  }

  function tidy(text) {
    return text.replace(/\s+([.,;:!?)\]’”])/g, "$1").replace(/([(\[“‘])\s+/g, "$1");
  }

  function normal(text) {
    return text.toLocaleLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, " ").trim();
  }

  // A window of the words [start, end) around one match (the first, unless told), the matches
  // in <mark>.
  function excerpt(all, locations, start, end, focus) {
    const inside = locations.filter((at) => at >= start && at < end).sort((a, b) => a - b);
    const first = focus ?? (inside.length ? inside[0] : start);
    let from = Math.max(start, first - Math.floor(EXCERPT_WORDS / 3));
    const to = Math.min(end, from + EXCERPT_WORDS);
    from = Math.max(start, Math.min(from, to - EXCERPT_WORDS));
    const marked = new Set(inside);
    const p = el("p", "result-excerpt");
    if (from > start) p.append("… ");
    for (let at = from; at < to; at += 1) {
      if (at > from && !CLOSING.test(all[at])) p.append(" ");
      p.append(marked.has(at) ? el("mark", "", all[at]) : all[at]);
    }
    if (to < end) p.append(" …");
    return p;
  }

  function hashOf(url) {
    const at = url.indexOf("#");
    return at < 0 ? "" : url.slice(at + 1);
  }

  function resultItem(title, href, kind) {
    const item = el("li", "result");
    const heading = el("h2", "result-title");
    const link = el("a", "", title);
    link.href = href;
    heading.append(link);
    item.append(heading);
    if (kind) item.append(el("p", "result-kind", kind));
    return item;
  }

  // Source pages: the paragraphs (#pN) that hold the matches, in reading order.
  function paragraphPlaces(data, all) {
    const anchors = (data.anchors || [])
      .filter((a) => PARAGRAPH_ID.test(a.id))
      .sort((a, b) => a.location - b.location);
    if (!anchors.length) return null;
    const hits = new Map();
    for (const at of data.locations) {
      let index = -1;
      for (let i = 0; i < anchors.length && anchors[i].location <= at; i += 1) index = i;
      if (index >= 0) {
        if (!hits.has(index)) hits.set(index, []);
        hits.get(index).push(at);
      }
    }
    const places = el("ul", "result-places");
    const indexes = [...hits.keys()].sort((a, b) => a - b);
    for (const index of indexes.slice(0, MAX_PLACES)) {
      const anchor = anchors[index];
      const end = index + 1 < anchors.length ? anchors[index + 1].location : all.length;
      const li = el("li");
      const link = el("a", "result-place");
      link.href = `${data.url.split("#")[0]}#${anchor.id}`;
      const sign = el("span", "", "¶");
      sign.setAttribute("aria-hidden", "true");
      link.append(el("span", "vh", "paragraph "), sign, PARAGRAPH_ID.exec(anchor.id)[1]);
      li.append(link, excerpt(all, hits.get(index), anchor.location, end));
      places.append(li);
    }
    if (indexes.length > MAX_PLACES) {
      const more = indexes.length - MAX_PLACES;
      places.append(el("li", "result-more", `and ${more} more paragraph${more === 1 ? "" : "s"}`));
    }
    return places;
  }

  function namedBy(weighted) {
    return (weighted || []).some((w) => w.weight >= NAME_WEIGHT);
  }

  // The results one page gives: {item, name, exact, rank}, in page order.
  function resultsFor(data, query) {
    const all = words(data.content);
    const kind = data.meta.kind || "";
    const rank = Number(data.meta.rank) || OTHER_RANK;
    const byName = rank < OTHER_RANK;
    if (SPLIT_KINDS.has(kind)) {
      const sections = (data.sub_results || []).filter((s) => hashOf(s.url));
      const anchors = (data.anchors || []).slice().sort((a, b) => a.location - b.location);
      if (sections.length) {
        return sections.map((section) => {
          const item = resultItem(section.title, section.url, kind);
          const heading = anchors.find((a) => a.id === hashOf(section.url))?.location ?? 0;
          const next = anchors.find((a) => a.location > heading && /^h\d$/i.test(a.element));
          const start = heading + words(section.title).length; // the title is shown above
          item.append(excerpt(all, section.locations, start, next ? next.location : all.length));
          return { item, rank, name: byName && namedBy(section.weighted_locations),
            exact: normal(section.title) === query };
        });
      }
    }
    const title = data.meta.title || data.url;
    const item = resultItem(title, data.url, kind);
    const names = [title, ...(data.meta.aliases || "").split(",")].map(normal);
    const result = { item, rank, name: byName && namedBy(data.weighted_locations),
      exact: names.includes(query) };
    const places = paragraphPlaces(data, all);
    if (places) {
      item.append(places);
    } else if (result.name && data.meta.summary) {
      item.append(el("p", "result-excerpt", tidy(data.meta.summary))); // say what it is
    } else {
      const best = [...(data.weighted_locations || [])]
        .sort((a, b) => b.balanced_score - a.balanced_score || a.location - b.location)[0];
      item.append(excerpt(all, data.locations, 0, all.length, best?.location));
    }
    return [result];
  }

  function ordered(results) {
    const key = (r) => [r.name ? 0 : 1, r.rank, r.exact ? 0 : 1, r.order];
    results.forEach((r, order) => { r.order = order; });
    return results.sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      return x.reduce((found, value, i) => found || value - y[i], 0);
    });
  }

  function say(text) {
    statusLine.textContent = text;
  }

  async function run(query) {
    const number = ++latest;
    const q = query.trim();
    const url = new URL(window.location.href);
    if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
    if (!q) {
      list.replaceChildren();
      say("");
      return;
    }
    list.setAttribute("aria-busy", "true");
    const found = await pagefind.search(q);
    const data = await Promise.all(found.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (number !== latest) return;
    const results = ordered(data.flatMap((d) => resultsFor(d, normal(q))));
    list.replaceChildren(...results.map((r) => r.item));
    list.removeAttribute("aria-busy");
    const count = results.length;
    say(count ? `${count} result${count === 1 ? "" : "s"} for “${q}”.` : `No results for “${q}”.`);
  }

  function unavailable(error) {
    say("Search is not available here. Browse the indexes below instead.");
    fallback.classList.add("is-needed");
    input.disabled = true;
    form.querySelector("button").disabled = true;
    console.warn("search unavailable:", error);
  }

  async function start() {
    try {
      const index = new URL(root.dataset.index, document.baseURI);
      pagefind = await import(index.href);
      await pagefind.init();
      // a large archive's sources are indexed in bundles of their own, searched as one
      const bundles = (root.dataset.bundles || "").split(" ").filter(Boolean);
      for (const bundle of bundles) {
        await pagefind.mergeIndex(new URL(bundle, document.baseURI).href);
      }
    } catch (error) {
      unavailable(error);
      return;
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      window.clearTimeout(timer);
      run(input.value);
    });
    input.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => run(input.value), 200);
    });
    const q = new URLSearchParams(window.location.search).get("q") || "";
    input.value = q;
    if (q) await run(q);
    document.documentElement.dataset.searchReady = "true";
  }

  start();
})();
