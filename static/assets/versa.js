/* versa default theme: progressive enhancements. Every page reads fine without it.
 *
 * 1. Theme toggle (data-theme on <html>, remembered in localStorage "versa-theme")
 * 2. Copy buttons on code blocks (through window.versaCopy, replaceable by tests);
 *    scroll cues where CSS has no scroll-driven animations
 * 3. Compare groups become WAI-ARIA tabs where the stylesheet says their panes do
 *    not fit side by side (choice shared by label, remembered in localStorage
 *    "versa-compare"); a pane far taller than its neighbours is capped with a button
 * 4. Table of contents: marks the section being read
 * 5. Narrow header: scrolls the current section's link into view
 * 6. Search: shows the header's search button; it, "/", Ctrl-K and Cmd-K load the
 *    dialog (assets/search.js) on first use, and with it the index
 * 7. Sidebar and phone menu: Escape closes the menu; the current entry scrolled into view
 */
(function () {
  "use strict";

  var doc = document;
  var root = doc.documentElement;
  var THEME_KEY = "versa-theme";
  var COMPARE_KEY = "versa-compare";

  function load(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function save(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (e) {
      /* storage may be disabled; the choice then lasts for this page only */
    }
  }

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  function media(query) {
    return window.matchMedia ? window.matchMedia(query) : { matches: false };
  }

  function onMediaChange(mq, fn) {
    if (mq.addEventListener) mq.addEventListener("change", fn);
    else if (mq.addListener) mq.addListener(fn);
  }

  var liveTimer = 0;

  /** Says `message` through the page's polite live region. */
  function announce(message) {
    var region = doc.querySelector("[data-live]");
    if (!region) {
      region = doc.createElement("div");
      region.className = "visually-hidden";
      region.setAttribute("aria-live", "polite");
      region.setAttribute("aria-atomic", "true");
      region.setAttribute("data-live", "");
      doc.body.appendChild(region);
    }
    // Clear first so the same message twice in a row is announced twice.
    region.textContent = "";
    window.clearTimeout(liveTimer);
    liveTimer = window.setTimeout(function () {
      region.textContent = message;
    }, 60);
  }

  /* 1. Theme toggle ------------------------------------------------------ */

  function initTheme() {
    var prefersDark = media("(prefers-color-scheme: dark)");
    var buttons = doc.querySelectorAll("[data-theme-toggle]");

    function current() {
      var explicit = root.getAttribute("data-theme");
      if (explicit === "light" || explicit === "dark") return explicit;
      return prefersDark.matches ? "dark" : "light";
    }

    function sync() {
      var dark = current() === "dark";
      each(buttons, function (button) {
        button.setAttribute("aria-pressed", dark ? "true" : "false");
        button.title = dark ? "Switch to light theme" : "Switch to dark theme";
        button.hidden = false;
      });
    }

    each(buttons, function (button) {
      button.addEventListener("click", function () {
        var next = current() === "dark" ? "light" : "dark";
        root.setAttribute("data-theme", next);
        save(THEME_KEY, next);
        sync();
      });
    });

    onMediaChange(prefersDark, sync);
    // Another tab changed the theme.
    window.addEventListener("storage", function (event) {
      if (event.key !== THEME_KEY) return;
      if (event.newValue === "light" || event.newValue === "dark") {
        root.setAttribute("data-theme", event.newValue);
      } else {
        root.removeAttribute("data-theme");
      }
      sync();
    });
    sync();
  }

  /* 2. Copy buttons ------------------------------------------------------ */

  function fallbackCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = doc.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.top = "-1000px";
      area.style.opacity = "0";
      doc.body.appendChild(area);
      area.select();
      var ok = false;
      try {
        ok = doc.execCommand("copy");
      } catch (e) {
        ok = false;
      }
      doc.body.removeChild(area);
      if (ok) resolve();
      else reject(new Error("copy failed"));
    });
  }

  if (typeof window.versaCopy !== "function") {
    /** Copies `text` to the clipboard; returns a promise. Tests may replace it. */
    window.versaCopy = function (text) {
      if (navigator.clipboard && navigator.clipboard.writeText) {
        return navigator.clipboard.writeText(text);
      }
      return fallbackCopy(text);
    };
  }

  var COPY_ICON =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><rect x="9" y="9" width="12" height="12" rx="2"/><path d="M5 15H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v1"/></svg>';
  var DONE_ICON =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M20 6 9 17l-5-5"/></svg>';

  function setCopyState(button, state) {
    var label = button.querySelector(".code-copy-text");
    window.clearTimeout(button._versaTimer);
    if (state === "copied") {
      button.setAttribute("data-state", "copied");
      button.setAttribute("aria-label", "Copied");
      button.querySelector("svg").outerHTML = DONE_ICON;
      label.textContent = "Copied";
    } else if (state === "failed") {
      button.setAttribute("data-state", "failed");
      button.setAttribute("aria-label", "Copy failed");
      label.textContent = "Failed";
    } else {
      button.removeAttribute("data-state");
      button.setAttribute("aria-label", "Copy code");
      button.querySelector("svg").outerHTML = COPY_ICON;
      label.textContent = "Copy";
      return;
    }
    button._versaTimer = window.setTimeout(function () {
      setCopyState(button, "idle");
    }, 2000);
  }

  function initCopyButtons() {
    each(doc.querySelectorAll("figure.code"), function (figure) {
      if (figure.querySelector(".code-copy")) return;
      var pre = figure.querySelector("pre");
      if (!pre) return;
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "code-copy";
      button.setAttribute("aria-label", "Copy code");
      button.innerHTML = COPY_ICON + '<span class="code-copy-text" aria-hidden="true">Copy</span>';
      button.addEventListener("click", function () {
        var code = pre.querySelector("code") || pre;
        var text = code.textContent;
        var result;
        try {
          result = window.versaCopy(text);
        } catch (e) {
          result = Promise.reject(e);
        }
        Promise.resolve(result).then(
          function () {
            setCopyState(button, "copied");
            announce("Copied to clipboard");
          },
          function () {
            setCopyState(button, "failed");
            announce("Could not copy; select the code and copy it by hand");
          }
        );
      });
      figure.appendChild(button);
    });
  }

  /* A code block that scrolls sideways is a tab stop in the HTML itself (versa
   * renders tabindex=0 and a name). Its edge shadows follow the scroll in CSS where
   * the browser has scroll-driven animations; elsewhere these set the same two
   * properties (see versa.css, "Code blocks"). */
  function initScrollCues() {
    if (window.CSS && CSS.supports && CSS.supports("animation-timeline: scroll()")) return;
    const update = (pre) => {
      const left = pre.scrollLeft;
      const more = pre.scrollWidth - pre.clientWidth - left;
      pre.style.setProperty("--cue-start", left > 1 ? "1" : "0");
      pre.style.setProperty("--cue-end", more > 1 ? "1" : "0");
    };
    const blocks = [...doc.querySelectorAll("pre.code-block:not([data-wrap])")];
    blocks.forEach((pre) => {
      pre.addEventListener("scroll", () => update(pre), { passive: true });
      update(pre);
    });
    window.addEventListener("resize", () => blocks.forEach(update));
  }

  /* 3. Compare groups: side by side where they fit, else tabs ----------- */

  var groups = [];
  var uid = 0;

  function paneLabel(pane) {
    return pane.getAttribute("data-compare-pane") || "";
  }

  function setupGroup(element) {
    var panes = [];
    each(element.querySelectorAll("[data-compare-pane]"), function (pane) {
      if (pane.closest("[data-compare]") === element) panes.push(pane);
    });
    if (panes.length < 2) return null;
    var n = ++uid;
    var group = {
      element: element,
      panes: panes,
      labels: panes.map(paneLabel),
      selected: 0,
      list: null,
      tabs: [],
      width: -1,
      // Which capped panes the reader opened; kept across resizes.
      expanded: []
    };
    panes.forEach(function (pane, i) {
      if (!pane.id) pane.id = "versa-compare-" + n + "-" + (i + 1);
    });
    return group;
  }

  function renderSelection(group) {
    group.tabs.forEach(function (tab, i) {
      var on = i === group.selected;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      group.panes[i].hidden = !on;
    });
  }

  /** Selects `label` in every group that has it, and remembers it. */
  function chooseLabel(label) {
    groups.forEach(function (group) {
      var index = group.labels.indexOf(label);
      if (index === -1) return;
      group.selected = index;
      if (group.list) renderSelection(group);
    });
    save(COMPARE_KEY, label);
  }

  function choose(group, index, focus) {
    var tab = group.tabs[index];
    // Groups above this one may change height; keep the chosen tab where the reader sees it.
    var before = tab.getBoundingClientRect().top;
    chooseLabel(group.labels[index]);
    if (focus) tab.focus({ preventScroll: true });
    var shift = tab.getBoundingClientRect().top - before;
    if (Math.abs(shift) >= 1) window.scrollBy(0, shift);
  }

  function enableTabs(group) {
    if (group.list) return;
    var list = doc.createElement("div");
    list.className = "compare-tabs";
    list.setAttribute("role", "tablist");
    list.setAttribute("aria-label", "Show the code for");
    group.tabs = group.panes.map(function (pane, i) {
      var tab = doc.createElement("button");
      tab.type = "button";
      tab.className = "compare-tab";
      tab.id = pane.id + "-tab";
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", pane.id);
      tab.textContent = group.labels[i];
      // The tab wears its pane's contender colour (set per label by the theme).
      var colour = window.getComputedStyle(pane).getPropertyValue("--c");
      if (colour) tab.style.setProperty("--c", colour.trim());
      tab.addEventListener("click", function () {
        choose(group, i, false);
      });
      list.appendChild(tab);
      pane.setAttribute("role", "tabpanel");
      pane.setAttribute("aria-labelledby", tab.id);
      // A panel is a tab stop only when nothing in it is one already (its scrolling code is).
      if (!pane.querySelector("[tabindex]")) pane.tabIndex = 0;
      return tab;
    });
    list.addEventListener("keydown", function (event) {
      var current = group.tabs.indexOf(doc.activeElement);
      if (current === -1) return;
      var last = group.tabs.length - 1;
      var next;
      switch (event.key) {
        case "ArrowRight":
          next = current === last ? 0 : current + 1;
          break;
        case "ArrowLeft":
          next = current === 0 ? last : current - 1;
          break;
        case "Home":
          next = 0;
          break;
        case "End":
          next = last;
          break;
        default:
          return;
      }
      event.preventDefault();
      choose(group, next, true);
    });
    var container = group.panes[0].parentNode;
    container.parentNode.insertBefore(list, container);
    group.list = list;
    group.element.classList.add("is-tabbed");
    renderSelection(group);
  }

  function disableTabs(group) {
    if (!group.list) return;
    group.list.parentNode.removeChild(group.list);
    group.list = null;
    group.tabs = [];
    group.panes.forEach(function (pane) {
      pane.removeAttribute("role");
      pane.removeAttribute("aria-labelledby");
      pane.removeAttribute("tabindex");
      pane.hidden = false;
    });
    group.element.classList.remove("is-tabbed");
  }

  /* A pane far taller than the shortest one beside it shows CAP_EXTRA lines past the
   * shortest (at least CAP_MIN), with a button for the rest, so the row does not leave
   * a hole next to it; capping must hide at least CAP_WORTH lines to be worth a click. */
  const CAP_MIN = 16;
  const CAP_EXTRA = 4;
  const CAP_WORTH = 8;

  function capPanes(group, sideBySide) {
    const pres = group.panes.map((pane) => pane.querySelector("pre.code-block"));
    pres.forEach((pre) => pre && pre.removeAttribute("data-capped"));
    group.panes.forEach((pane) => pane.querySelector(".code-expand")?.remove());
    if (!sideBySide || pres.some((pre) => !pre)) return;
    const heights = pres.map((pre) => pre.offsetHeight);
    const line = parseFloat(getComputedStyle(pres[0]).lineHeight) || 20;
    const cap = Math.max(Math.min(...heights) + CAP_EXTRA * line, CAP_MIN * line);
    pres.forEach((pre, i) => {
      if (heights[i] - cap < CAP_WORTH * line) return;
      if (!pre.id) pre.id = group.panes[i].id + "-code";
      const count = pre.querySelectorAll(".line").length;
      const button = doc.createElement("button");
      button.type = "button";
      button.className = "code-expand";
      button.setAttribute("aria-controls", pre.id);
      const show = (expanded) => {
        pre.style.setProperty("--cap", cap + "px");
        if (expanded) pre.removeAttribute("data-capped");
        else pre.setAttribute("data-capped", "");
        button.setAttribute("aria-expanded", String(expanded));
        button.textContent = expanded ? "Show fewer lines" : "Show all " + count + " lines";
      };
      button.addEventListener("click", () => {
        const expanded = !pre.hasAttribute("data-capped");
        group.expanded[i] = !expanded;
        show(!expanded);
        if (expanded && pre.getBoundingClientRect().top < 0) pre.scrollIntoView({ block: "start" });
      });
      show(Boolean(group.expanded[i]));
      (pre.closest("figure") || pre).after(button);
    });
  }

  function initCompare() {
    each(doc.querySelectorAll("[data-compare]"), function (element) {
      var group = setupGroup(element);
      if (group) groups.push(group);
    });
    if (!groups.length) return;

    var stored = load(COMPARE_KEY);
    if (stored) {
      groups.forEach(function (group) {
        var index = group.labels.indexOf(stored);
        if (index !== -1) group.selected = index;
      });
    }

    // The stylesheet decides from the group's width, its pane count and the code's `ch`
    // (a container query); the group says which through --compare-fit.
    const layout = (group) => {
      const width = group.element.clientWidth;
      if (width === group.width) return;
      group.width = width;
      const panes = group.panes[0].parentNode;
      const fits = getComputedStyle(panes).getPropertyValue("--compare-fit").trim() !== "stack";
      if (fits) disableTabs(group);
      else enableTabs(group);
      capPanes(group, fits);
    };
    if (window.ResizeObserver) {
      const observer = new ResizeObserver((entries) => {
        entries.forEach((entry) => {
          const group = groups.find((g) => g.element === entry.target);
          if (group) layout(group);
        });
      });
      groups.forEach((group) => observer.observe(group.element));
    }
    groups.forEach(layout);

    // A choice made in another tab of the same site.
    window.addEventListener("storage", function (event) {
      if (event.key === COMPARE_KEY && event.newValue) {
        groups.forEach(function (group) {
          var index = group.labels.indexOf(event.newValue);
          if (index === -1) return;
          group.selected = index;
          if (group.list) renderSelection(group);
        });
      }
    });
  }

  /* 4. Table of contents: the current section ---------------------------- */

  function initTocSpy() {
    var toc = doc.querySelector(".toc-side");
    if (!toc) return;
    var links = toc.querySelectorAll("a[data-toc-link]");
    if (!links.length) return;
    var entries = [];
    each(links, function (link) {
      var target = doc.getElementById(link.getAttribute("data-toc-link"));
      if (target) entries.push({ link: link, target: target });
    });
    if (!entries.length) return;
    var active = null;
    var pending = false;

    function update() {
      pending = false;
      if (!toc.offsetParent && getComputedStyle(toc).position !== "fixed") return;
      var line = Math.min(window.innerHeight * 0.25, 160);
      var found = null;
      for (var i = 0; i < entries.length; i++) {
        if (entries[i].target.getBoundingClientRect().top - line <= 0) found = entries[i];
        else break;
      }
      // At the very bottom, the last heading is the one being read.
      if (window.innerHeight + window.scrollY >= doc.documentElement.scrollHeight - 2) {
        found = entries[entries.length - 1];
      }
      var link = found ? found.link : null;
      if (link === active) return;
      if (active) active.classList.remove("is-current");
      if (link) link.classList.add("is-current");
      active = link;
    }

    function schedule() {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(update);
    }

    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    update();
  }

  /* 5. Narrow header: keep the current section's link in view --------- */

  function initNav() {
    var list = doc.querySelector(".site-nav ul");
    if (!list) return;
    // Fade the left edge too once the row has been scrolled.
    function edge() {
      if (list.scrollLeft > 1) list.setAttribute("data-scrolled", "");
      else list.removeAttribute("data-scrolled");
    }
    list.addEventListener("scroll", edge, { passive: true });
    var current = list.querySelector("a[aria-current]");
    if (current && list.scrollWidth > list.clientWidth) {
      scrollNavTo(list, current);
    }
    edge();
  }

  function scrollNavTo(list, current) {
    var listBox = list.getBoundingClientRect();
    var linkBox = current.getBoundingClientRect();
    var fade = 40; // the faded strips at the edges (see versa.css)
    var past = linkBox.right - (listBox.right - fade);
    if (past > 0) list.scrollLeft += Math.max(0, Math.min(past, linkBox.left - listBox.left - fade));
  }

  /* 6. Search. Nothing of it is fetched until a reader asks: search.js brings the
   * dialog, its stylesheet and Pagefind. */
  function initSearch() {
    var button = doc.querySelector("[data-search-open]");
    if (!button) return;
    var loading = null;
    function open() {
      if (!loading) loading = import(button.getAttribute("data-search-ui"));
      loading.then(function (ui) { ui.open(button); }, function () { loading = null; });
    }
    button.hidden = false;
    button.addEventListener("click", open);
    doc.addEventListener("keydown", function (event) {
      var key = event.key || "";
      var field = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
      var combo = (event.ctrlKey || event.metaKey) && !event.altKey && key.toLowerCase() === "k";
      var slash = key === "/" && !field && !event.ctrlKey && !event.metaKey && !event.altKey;
      if ((combo || slash) && !doc.querySelector("dialog[data-search][open]")) {
        event.preventDefault();
        open();
      }
    });
  }

  function init() {
    initTheme();
    initSearch();
    initNav();
    initCopyButtons();
    initCompare();
    initScrollCues();
    initTocSpy();
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", init);
  else init();
})();

/* 6. Sidebar and phone menu. The menu is a <details> in the header and works without this;
 * here Escape closes it (focus back on its button), and the sidebar scrolls its current entry
 * into view when the tree is taller than the screen. */
{
  const menu = document.querySelector("details[data-menu]");
  const sidebar = document.querySelector("nav[data-sidebar]");
  if (menu) {
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || !menu.open) return;
      menu.open = false;
      menu.querySelector("summary").focus();
    });
    // A link to a place on this page keeps the page: close the panel so the place shows.
    sidebar?.addEventListener("click", (event) => {
      if (event.target.closest("a")) menu.open = false;
    });
  }
  const current = sidebar?.querySelector('[aria-current="page"]');
  if (current && sidebar.scrollHeight > sidebar.clientHeight) {
    const below = current.offsetTop + current.offsetHeight - (sidebar.scrollTop + sidebar.clientHeight);
    if (below > 0) sidebar.scrollTop += below + sidebar.clientHeight / 3;
  }
}
