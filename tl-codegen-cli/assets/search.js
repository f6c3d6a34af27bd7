// Search of the reference site written by `tlforge docs` (tlforge-cli's src/site/search.rs says
// why it is not mdBook's). A box in the menu bar ("/" or "s" focuses it, Enter opens the first
// result, Escape clears it; `?search=QUERY` in a page's address fills it) answers in two parts:
//
// 1. Names, from search/names.js (every page: name, kind, page, summary): the exact name
//    first (case as typed, then any case; `FLOOD_WAIT` and `FLOOD_WAIT_30` find
//    `FLOOD_WAIT_%d`), then names starting with the query (the part after the namespace too:
//    `sendMes` finds messages.sendMessage), shortest first, then names containing it.
// 2. Full text, from Pagefind's index in pagefind/ (`pagefind --site book`), loaded on the
//    first query, its pages that the names did not list.
(function () {
  "use strict";
  const root = new URL("..", document.currentScript.src);
  const NAME_RESULTS = 12;
  const TEXT_RESULTS = 10;
  const KINDS = { m: "method", t: "type", c: "constructor", e: "error" };
  const KIND_ORDER = { m: 0, t: 1, c: 2, e: 3 };

  const menu = document.querySelector("#menu-bar .left-buttons");
  const content = document.getElementById("content");
  if (!menu || !content) {
    return;
  }
  const input = document.createElement("input");
  input.type = "search";
  input.id = "tl-search";
  input.placeholder = "Search names and text (/)";
  input.setAttribute("aria-label", "Search the reference");
  input.setAttribute("aria-controls", "tl-search-results");
  input.autocomplete = "off";
  input.spellcheck = false;
  menu.appendChild(input);
  const panel = document.createElement("div");
  panel.id = "tl-search-results";
  panel.hidden = true;
  content.insertBefore(panel, content.firstChild);

  // ---- names ----

  let names = null;
  let namesLoading = null;
  function loadNames() {
    if (!namesLoading) {
      namesLoading = new Promise(function (resolve, reject) {
        const script = document.createElement("script");
        script.src = new URL("search/names.js", root).href;
        script.onload = function () {
          names = (window.tlforgeSearchNames || []).map(function (row) {
            const name = row[0];
            const short = name.slice(name.lastIndexOf(".") + 1);
            const entry = {
              name: name,
              short: short,
              lower: name.toLowerCase(),
              shortLower: short.toLowerCase(),
              kind: row[1],
              page: row[2],
              summary: row[3],
              bare: null,
              numbered: null,
            };
            // `FLOOD_WAIT_%d`: also `FLOOD_WAIT`, and the name as sent (`FLOOD_WAIT_30`).
            if (name.indexOf("%d") >= 0) {
              entry.bare = name.replace(/_?%d/g, "").toLowerCase();
              const pattern = name
                .split("%d")
                .map(function (part) {
                  return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
                })
                .join("[0-9]+");
              entry.numbered = new RegExp("^" + pattern + "$", "i");
            }
            return entry;
          });
          resolve(names);
        };
        script.onerror = function () {
          reject(new Error("search/names.js did not load"));
        };
        document.head.appendChild(script);
      });
    }
    return namesLoading;
  }

  // 0: exact, case as typed; 1: exact in any case; 2: prefix; 3: anywhere; -1: no match.
  function tier(entry, query, lower) {
    if (entry.name === query || entry.short === query) {
      return 0;
    }
    if (
      entry.lower === lower ||
      entry.shortLower === lower ||
      entry.bare === lower ||
      (entry.numbered && entry.numbered.test(query))
    ) {
      return 1;
    }
    if (entry.shortLower.startsWith(lower) || entry.lower.startsWith(lower)) {
      return 2;
    }
    return entry.lower.indexOf(lower) >= 0 ? 3 : -1;
  }

  function matchNames(query) {
    const lower = query.toLowerCase();
    const found = [];
    for (const entry of names) {
      const t = tier(entry, query, lower);
      if (t >= 0) {
        found.push({ entry: entry, tier: t });
      }
    }
    found.sort(function (a, b) {
      return (
        a.tier - b.tier ||
        // Among prefixes the closest to the query first: `sendMes` → sendMessage.
        (a.tier >= 2 ? a.entry.short.length - b.entry.short.length : 0) ||
        KIND_ORDER[a.entry.kind] - KIND_ORDER[b.entry.kind] ||
        a.entry.name.length - b.entry.name.length ||
        // The main schema's pages before those of the schemas in a directory.
        a.entry.page.split("/").length - b.entry.page.split("/").length ||
        (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0)
      );
    });
    return { count: found.length, shown: found.slice(0, NAME_RESULTS) };
  }

  // ---- full text (Pagefind) ----

  let pagefind = null;
  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(async function (module) {
        await module.options({ baseUrl: root.pathname });
        module.init();
        return module;
      });
    }
    return pagefind;
  }

  // ---- rendering ----

  // Error pages keep the catalogue's `%d` in their file names: written `%25d` in addresses.
  function pageUrl(page) {
    return new URL(page.replace(/%/g, "%25"), root).href;
  }

  function pagePath(href) {
    const path = href.slice(root.href.length);
    try {
      return decodeURIComponent(path);
    } catch (error) {
      return path;
    }
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function resultItem(href, title, kind, summary) {
    const item = element("li", "tl-search-item");
    const link = element("a", "tl-result");
    link.href = href;
    link.appendChild(element("span", "tl-search-name", title));
    if (kind) {
      link.appendChild(element("span", "tl-search-kind", kind));
    }
    item.appendChild(link);
    if (summary) {
      item.appendChild(element("div", "tl-search-summary", summary));
    }
    return item;
  }

  let generation = 0;
  let namesSection = null;
  let textSection = null;

  function section(title) {
    const node = element("section", "tl-search-section");
    node.appendChild(element("h2", "tl-search-heading", title));
    return node;
  }

  async function run(query) {
    const current = ++generation;
    query = query.trim();
    if (!query) {
      panel.hidden = true;
      panel.replaceChildren();
      return;
    }
    panel.hidden = false;
    // Full text starts loading now, beside the names.
    const text = loadPagefind().then(
      function (module) {
        return module.debouncedSearch(query, {}, 100);
      },
      function (error) {
        return { failed: error };
      }
    );
    const listed = new Set();
    try {
      await loadNames();
      if (current !== generation) {
        return;
      }
      const { count, shown } = matchNames(query);
      namesSection = section(count ? "Names" : "Names: none match");
      const list = element("ul", "tl-search-list");
      for (const { entry } of shown) {
        listed.add(entry.page);
        const href = pageUrl(entry.page);
        list.appendChild(resultItem(href, entry.name, KINDS[entry.kind], entry.summary));
      }
      namesSection.appendChild(list);
      if (count > shown.length) {
        namesSection.appendChild(element("p", "tl-search-more", count - shown.length + " more names match"));
      }
    } catch (error) {
      namesSection = section("Names: " + error.message);
    }
    textSection = section("Full text");
    textSection.appendChild(element("p", "tl-search-more", "Searching…"));
    panel.replaceChildren(namesSection, textSection);

    const search = await text;
    if (current !== generation || search === null) {
      return;
    }
    const full = section("Full text");
    if (search.failed) {
      const where =
        location.protocol === "file:"
          ? "needs the site served over HTTP (mdbook serve, or any static server)"
          : "needs Pagefind's index: pagefind --site book";
      full.appendChild(element("p", "tl-search-more", "Full-text search " + where + "."));
    } else {
      const results = search.results.slice(0, TEXT_RESULTS + listed.size);
      const data = await Promise.all(
        results.map(function (result) {
          return result.data();
        })
      );
      if (current !== generation) {
        return;
      }
      const list = element("ul", "tl-search-list");
      for (const page of data) {
        const href = new URL(page.url, location.origin).href;
        const path = pagePath(href);
        if (listed.has(path) || list.childElementCount >= TEXT_RESULTS) {
          continue;
        }
        const item = resultItem(href, page.meta.title || path, null, null);
        const excerpt = element("div", "tl-search-summary");
        // Pagefind's excerpt: the page's text, escaped, with <mark> around the words found.
        excerpt.innerHTML = page.excerpt;
        item.appendChild(excerpt);
        list.appendChild(item);
      }
      full.firstChild.textContent =
        "Full text: " + search.results.length + (search.results.length === 1 ? " page" : " pages");
      full.appendChild(list);
    }
    textSection = full;
    panel.replaceChildren(namesSection, textSection);
  }

  input.addEventListener("input", function () {
    run(input.value);
  });
  input.addEventListener("focus", function () {
    loadNames().catch(function () {});
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      const first = panel.querySelector("a.tl-result");
      if (first) {
        event.preventDefault();
        location.href = first.href;
      }
    } else if (event.key === "Escape") {
      input.value = "";
      run("");
      input.blur();
    }
  });
  document.addEventListener("keydown", function (event) {
    const target = event.target;
    const typing =
      target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && (event.key === "/" || event.key === "s")) {
      event.preventDefault();
      input.focus();
    }
  });
  const initial = new URLSearchParams(location.search).get("search");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
