// dqn-teach course site: offline search and the narrow-screen menu. No web requests.
"use strict";

(function () {
  const body = document.body;
  const staticRoot = body.dataset.static;
  const siteRoot = body.dataset.root || "";
  const lang = body.dataset.lang;
  const input = document.getElementById("search-input");
  const list = document.getElementById("search-results");
  const MAX_RESULTS = 20;
  let index = null;
  let loading = null;

  // The index is a script (not fetched JSON), so search also works from file:// pages.
  function loadIndex() {
    if (index) return Promise.resolve(index);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        const script = document.createElement("script");
        script.src = staticRoot + "/search-index." + lang + ".js";
        script.onload = function () { index = window.DQN_SEARCH_INDEX || []; resolve(index); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  // Substring matching, not word splitting: it works for Korean, where particles stick to words.
  function terms(query) {
    return query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  }

  function score(entry, words) {
    const title = entry.title.toLocaleLowerCase();
    const page = entry.page.toLocaleLowerCase();
    const text = entry.text.toLocaleLowerCase();
    let total = 0;
    for (const word of words) {
      const inTitle = title.includes(word), inPage = page.includes(word), inText = text.includes(word);
      if (!inTitle && !inPage && !inText) return 0;
      total += (inTitle ? 10 : 0) + (inPage ? 3 : 0) + (inText ? 1 : 0);
    }
    return total;
  }

  function snippet(text, words) {
    const lower = text.toLocaleLowerCase();
    let at = -1;
    for (const word of words) { at = lower.indexOf(word); if (at >= 0) break; }
    const start = Math.max(0, at - 40);
    return (start > 0 ? "…" : "") + text.slice(start, start + 140) + (text.length > start + 140 ? "…" : "");
  }

  function highlighted(text, words) {
    const fragment = document.createDocumentFragment();
    const lower = text.toLocaleLowerCase();
    let position = 0;
    while (position < text.length) {
      let next = -1, length = 0;
      for (const word of words) {
        const found = lower.indexOf(word, position);
        if (found >= 0 && (next < 0 || found < next)) { next = found; length = word.length; }
      }
      if (next < 0) { fragment.appendChild(document.createTextNode(text.slice(position))); break; }
      fragment.appendChild(document.createTextNode(text.slice(position, next)));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + length);
      fragment.appendChild(mark);
      position = next + length;
    }
    return fragment;
  }

  function show(results, words) {
    list.replaceChildren();
    if (!results.length) {
      const empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = input.dataset.noResults;
      list.appendChild(empty);
    }
    results.forEach(function (entry, position) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = siteRoot + entry.url;
      if (position === 0) link.className = "active";
      const page = document.createElement("span");
      page.className = "result-page";
      page.textContent = entry.page;
      const title = document.createElement("span");
      title.className = "result-title";
      title.appendChild(highlighted(entry.title, words));
      const text = document.createElement("span");
      text.className = "result-snippet";
      text.appendChild(highlighted(snippet(entry.text, words), words));
      link.append(page, title, text);
      item.appendChild(link);
      list.appendChild(item);
    });
    list.hidden = false;
  }

  function search() {
    const words = terms(input.value);
    if (!words.length) { list.hidden = true; return; }
    loadIndex().then(function (entries) {
      if (terms(input.value).join(" ") !== words.join(" ")) return;  // a newer query is running
      const results = entries
        .map(function (entry) { return [score(entry, words), entry]; })
        .filter(function (pair) { return pair[0] > 0; })
        .sort(function (a, b) { return b[0] - a[0]; })
        .slice(0, MAX_RESULTS)
        .map(function (pair) { return pair[1]; });
      show(results, words);
    });
  }

  if (input && list) {
    input.addEventListener("input", search);
    input.addEventListener("focus", function () { loadIndex(); if (input.value) search(); });
    input.addEventListener("keydown", function (event) {
      const links = Array.from(list.querySelectorAll("a"));
      const active = links.findIndex(function (link) { return link.classList.contains("active"); });
      if (event.key === "Enter" && links.length) {
        event.preventDefault();
        window.location.href = links[Math.max(active, 0)].href;
      } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && links.length) {
        event.preventDefault();
        const next = (active + (event.key === "ArrowDown" ? 1 : -1) + links.length) % links.length;
        links.forEach(function (link, i) { link.classList.toggle("active", i === next); });
        links[next].scrollIntoView({block: "nearest"});
      } else if (event.key === "Escape") {
        list.hidden = true;
      }
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest(".search")) list.hidden = true;
    });
  }

  // Math: KaTeX typesets $...$ and $$...$$ in markdown cells only (code and outputs keep their $).
  if (window.renderMathInElement) {
    document.querySelectorAll(".text_cell_render").forEach(function (element) {
      window.renderMathInElement(element, {
        delimiters: [
          {left: "$$", right: "$$", display: true},
          {left: "\\[", right: "\\]", display: true},
          {left: "$", right: "$", display: false},
          {left: "\\(", right: "\\)", display: false},
        ],
        ignoredTags: ["script", "noscript", "style", "textarea", "pre", "code"],
        throwOnError: false,
      });
    });
  }
  body.dataset.math = "done";

  const toggle = document.querySelector(".nav-toggle");
  const sidebar = document.getElementById("sidebar");
  if (toggle && sidebar) {
    toggle.addEventListener("click", function () {
      const open = sidebar.classList.toggle("open");
      toggle.setAttribute("aria-expanded", String(open));
    });
  }
})();
