/* versa default theme: progressive enhancements; every page reads fine without them. One
 * function per feature, each returning when the page lacks its markup, run in order by
 * `features` at the end: a new feature is one more function there. A classic `defer` script,
 * not a module, so it also runs from file://; the block keeps its names out of the globals. */
{
  const doc = document;
  const root = doc.documentElement;
  const THEME_KEY = "versa-theme";
  const COMPARE_KEY = "versa-compare";


  const load = (key) => {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  };

  const save = (key, value) => {
    try {
      localStorage.setItem(key, value);
    } catch {
      /* storage may be disabled; the choice then lasts for this page only */
    }
  };

  const all = (selector, scope = doc) => [...scope.querySelectorAll(selector)];

  let liveTimer = 0;

  /** Says `message` through the page's polite live region. */
  const announce = (message) => {
    let region = doc.querySelector("[data-live]");
    if (!region) {
      region = doc.createElement("div");
      region.className = "visually-hidden";
      region.setAttribute("aria-live", "polite");
      region.setAttribute("aria-atomic", "true");
      region.dataset.live = "";
      doc.body.append(region);
    }
    // Clear first so the same message twice in a row is announced twice.
    region.textContent = "";
    clearTimeout(liveTimer);
    liveTimer = setTimeout(() => (region.textContent = message), 60);
  };

  /* 1. Theme toggle: data-theme on <html>, remembered in localStorage "versa-theme". */

  function theme() {
    const prefersDark = matchMedia("(prefers-color-scheme: dark)");
    const buttons = all("[data-theme-toggle]");
    const current = () => {
      const explicit = root.dataset.theme;
      if (explicit === "light" || explicit === "dark") return explicit;
      return prefersDark.matches ? "dark" : "light";
    };
    const sync = () => {
      const dark = current() === "dark";
      for (const button of buttons) {
        button.setAttribute("aria-pressed", String(dark));
        button.title = dark ? "Switch to light theme" : "Switch to dark theme";
        button.hidden = false;
      }
    };
    for (const button of buttons) {
      button.addEventListener("click", () => {
        const next = current() === "dark" ? "light" : "dark";
        root.dataset.theme = next;
        save(THEME_KEY, next);
        sync();
      });
    }
    prefersDark.addEventListener("change", sync);
    // Another tab changed the theme.
    addEventListener("storage", ({ key, newValue }) => {
      if (key !== THEME_KEY) return;
      if (newValue === "light" || newValue === "dark") root.dataset.theme = newValue;
      else delete root.dataset.theme;
      sync();
    });
    sync();
  }

  /* 2. Search. Nothing of it is fetched until a reader asks: search.js brings the dialog,
   * its stylesheet and Pagefind. */
  function search() {
    const button = doc.querySelector("[data-search-open]");
    if (!button) return;
    let loading = null;
    const open = () => {
      loading ??= import(button.dataset.searchUi);
      loading.then(
        (ui) => ui.open(button),
        () => (loading = null),
      );
    };
    button.hidden = false;
    button.addEventListener("click", open);
    doc.addEventListener("keydown", (event) => {
      const key = event.key ?? "";
      const field = event.target.closest?.("input, textarea, select, [contenteditable]");
      const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
      const combo = (event.ctrlKey || event.metaKey) && !event.altKey && key.toLowerCase() === "k";
      const slash = key === "/" && !field && plain;
      if ((combo || slash) && !doc.querySelector("dialog[data-search][open]")) {
        event.preventDefault();
        open();
      }
    });
  }

  /* 3. Narrow header: keep the current section's link in view. */

  function nav() {
    const list = doc.querySelector(".site-nav ul");
    if (!list) return;
    // Fade the left edge too once the row has been scrolled.
    const edge = () => list.toggleAttribute("data-scrolled", list.scrollLeft > 1);
    list.addEventListener("scroll", edge, { passive: true });
    const current = list.querySelector("a[aria-current]");
    if (current && list.scrollWidth > list.clientWidth) {
      const listBox = list.getBoundingClientRect();
      const linkBox = current.getBoundingClientRect();
      const fade = 40; // the faded strips at the edges (see versa.css)
      const past = linkBox.right - (listBox.right - fade);
      if (past > 0) list.scrollLeft += Math.max(0, Math.min(past, linkBox.left - listBox.left - fade));
    }
    edge();
  }

  /* 4. Copy buttons, through window.versaCopy (tests may replace it). */

  const COPY_ICON =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><rect x="9" y="9" width="12" height="12" rx="2"/><path d="M5 15H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v1"/></svg>';
  const DONE_ICON =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M20 6 9 17l-5-5"/></svg>';

  /** For browsers without the async clipboard (or pages not served over https). */
  const fallbackCopy = (text) =>
    new Promise((resolve, reject) => {
      const area = doc.createElement("textarea");
      area.value = text;
      area.readOnly = true;
      Object.assign(area.style, { position: "fixed", top: "-1000px", opacity: "0" });
      doc.body.append(area);
      area.select();
      let ok = false;
      try {
        ok = doc.execCommand("copy");
      } catch {
        ok = false;
      }
      area.remove();
      if (ok) resolve();
      else reject(new Error("copy failed"));
    });

  if (typeof window.versaCopy !== "function") {
    /** Copies `text` to the clipboard; returns a promise. Tests may replace it. */
    window.versaCopy = (text) => navigator.clipboard?.writeText?.(text) ?? fallbackCopy(text);
  }

  const copyTimers = new WeakMap();

  function setCopyState(button, state) {
    const label = button.querySelector(".code-copy-text");
    clearTimeout(copyTimers.get(button));
    const [icon, aria, text] = {
      copied: [DONE_ICON, "Copied", "Copied"],
      failed: [null, "Copy failed", "Failed"],
      idle: [COPY_ICON, "Copy code", "Copy"],
    }[state];
    if (state === "idle") delete button.dataset.state;
    else button.dataset.state = state;
    button.setAttribute("aria-label", aria);
    if (icon) button.querySelector("svg").outerHTML = icon;
    label.textContent = text;
    if (state !== "idle") copyTimers.set(button, setTimeout(() => setCopyState(button, "idle"), 2000));
  }

  function copyButtons() {
    for (const figure of all("figure.code")) {
      const pre = figure.querySelector("pre");
      if (!pre || figure.querySelector(".code-copy")) continue;
      const button = doc.createElement("button");
      button.type = "button";
      button.className = "code-copy";
      button.setAttribute("aria-label", "Copy code");
      button.innerHTML = COPY_ICON + '<span class="code-copy-text" aria-hidden="true">Copy</span>';
      button.addEventListener("click", async () => {
        const code = pre.querySelector("code") ?? pre;
        try {
          await window.versaCopy(code.textContent);
          setCopyState(button, "copied");
          announce("Copied to clipboard");
        } catch {
          setCopyState(button, "failed");
          announce("Could not copy; select the code and copy it by hand");
        }
      });
      figure.append(button);
    }
  }

  /* 5. Compare groups: side by side where the stylesheet says they fit, else WAI-ARIA tabs
   * (choice shared by label, remembered in localStorage "versa-compare"). */

  /* A pane far taller than the shortest one beside it shows CAP_EXTRA lines past the
   * shortest (at least CAP_MIN), with a button for the rest, so the row does not leave
   * a hole next to it; capping must hide at least CAP_WORTH lines to be worth a click. */
  const CAP_MIN = 16;
  const CAP_EXTRA = 4;
  const CAP_WORTH = 8;

  const groups = [];

  function setupGroup(element, n) {
    const panes = all("[data-compare-pane]", element).filter((pane) => pane.closest("[data-compare]") === element);
    if (panes.length < 2) return null;
    panes.forEach((pane, i) => (pane.id ||= `versa-compare-${n}-${i + 1}`));
    return {
      element,
      panes,
      labels: panes.map((pane) => pane.dataset.comparePane ?? ""),
      selected: 0,
      list: null,
      tabs: [],
      width: -1,
      // Which capped panes the reader opened; kept across resizes.
      expanded: [],
    };
  }

  function renderSelection(group) {
    group.tabs.forEach((tab, i) => {
      const on = i === group.selected;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      group.panes[i].hidden = !on;
    });
  }

  /** Selects `label` in every group that has it. */
  function showLabel(label) {
    for (const group of groups) {
      const index = group.labels.indexOf(label);
      if (index === -1) continue;
      group.selected = index;
      if (group.list) renderSelection(group);
    }
  }

  function choose(group, index, focus) {
    const tab = group.tabs[index];
    // Groups above this one may change height; keep the chosen tab where the reader sees it.
    const before = tab.getBoundingClientRect().top;
    showLabel(group.labels[index]);
    save(COMPARE_KEY, group.labels[index]);
    if (focus) tab.focus({ preventScroll: true });
    const shift = tab.getBoundingClientRect().top - before;
    if (Math.abs(shift) >= 1) scrollBy(0, shift);
  }

  const TAB_KEYS = {
    ArrowRight: (current, last) => (current === last ? 0 : current + 1),
    ArrowLeft: (current, last) => (current === 0 ? last : current - 1),
    Home: () => 0,
    End: (_, last) => last,
  };

  function enableTabs(group) {
    if (group.list) return;
    const list = doc.createElement("div");
    list.className = "compare-tabs";
    list.setAttribute("role", "tablist");
    list.setAttribute("aria-label", "Show the code for");
    group.tabs = group.panes.map((pane, i) => {
      const tab = doc.createElement("button");
      tab.type = "button";
      tab.className = "compare-tab";
      tab.id = `${pane.id}-tab`;
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", pane.id);
      tab.textContent = group.labels[i];
      // The tab wears its pane's contender colour (set per label by the theme).
      const colour = getComputedStyle(pane).getPropertyValue("--c");
      if (colour) tab.style.setProperty("--c", colour.trim());
      tab.addEventListener("click", () => choose(group, i, false));
      list.append(tab);
      pane.setAttribute("role", "tabpanel");
      pane.setAttribute("aria-labelledby", tab.id);
      // A panel is a tab stop only when nothing in it is one already (its scrolling code is).
      if (!pane.querySelector("[tabindex]")) pane.tabIndex = 0;
      return tab;
    });
    list.addEventListener("keydown", (event) => {
      const current = group.tabs.indexOf(doc.activeElement);
      const move = TAB_KEYS[event.key];
      if (current === -1 || !move) return;
      event.preventDefault();
      choose(group, move(current, group.tabs.length - 1), true);
    });
    group.panes[0].parentNode.before(list);
    group.list = list;
    group.element.classList.add("is-tabbed");
    renderSelection(group);
  }

  function disableTabs(group) {
    if (!group.list) return;
    group.list.remove();
    group.list = null;
    group.tabs = [];
    for (const pane of group.panes) {
      pane.removeAttribute("role");
      pane.removeAttribute("aria-labelledby");
      pane.removeAttribute("tabindex");
      pane.hidden = false;
    }
    group.element.classList.remove("is-tabbed");
  }

  function capPanes(group, sideBySide) {
    const pres = group.panes.map((pane) => pane.querySelector("pre.code-block"));
    for (const pre of pres) pre?.removeAttribute("data-capped");
    for (const pane of group.panes) pane.querySelector(".code-expand")?.remove();
    if (!sideBySide || pres.some((pre) => !pre)) return;
    const heights = pres.map((pre) => pre.offsetHeight);
    const line = parseFloat(getComputedStyle(pres[0]).lineHeight) || 20;
    const cap = Math.max(Math.min(...heights) + CAP_EXTRA * line, CAP_MIN * line);
    pres.forEach((pre, i) => {
      if (heights[i] - cap < CAP_WORTH * line) return;
      pre.id ||= `${group.panes[i].id}-code`;
      const count = pre.querySelectorAll(".line").length;
      const button = doc.createElement("button");
      button.type = "button";
      button.className = "code-expand";
      button.setAttribute("aria-controls", pre.id);
      const show = (expanded) => {
        pre.style.setProperty("--cap", `${cap}px`);
        pre.toggleAttribute("data-capped", !expanded);
        button.setAttribute("aria-expanded", String(expanded));
        button.textContent = expanded ? "Show fewer lines" : `Show all ${count} lines`;
      };
      button.addEventListener("click", () => {
        const expanded = !pre.hasAttribute("data-capped");
        group.expanded[i] = !expanded;
        show(!expanded);
        if (expanded && pre.getBoundingClientRect().top < 0) pre.scrollIntoView({ block: "start" });
      });
      show(Boolean(group.expanded[i]));
      (pre.closest("figure") ?? pre).after(button);
    });
  }

  function compare() {
    for (const element of all("[data-compare]")) {
      const group = setupGroup(element, groups.length + 1);
      if (group) groups.push(group);
    }
    if (!groups.length) return;
    const stored = load(COMPARE_KEY);
    if (stored) showLabel(stored);

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
    const observer = new ResizeObserver((entries) => {
      for (const { target } of entries) {
        const group = groups.find((g) => g.element === target);
        if (group) layout(group);
      }
    });
    for (const group of groups) observer.observe(group.element);
    groups.forEach(layout);

    // A choice made in another tab of the same site.
    addEventListener("storage", ({ key, newValue }) => {
      if (key === COMPARE_KEY && newValue) showLabel(newValue);
    });
  }

  /* 6. Scroll cues. A code block that scrolls sideways is a tab stop in the HTML itself (versa
   * renders tabindex=0 and a name). Its edge shadows follow the scroll in CSS where the browser
   * has scroll-driven animations; elsewhere this sets the same two properties (see versa.css,
   * "Code blocks"). */
  function scrollCues() {
    if (CSS.supports?.("animation-timeline: scroll()")) return;
    const update = (pre) => {
      const left = pre.scrollLeft;
      const more = pre.scrollWidth - pre.clientWidth - left;
      pre.style.setProperty("--cue-start", left > 1 ? "1" : "0");
      pre.style.setProperty("--cue-end", more > 1 ? "1" : "0");
    };
    const blocks = all("pre.code-block:not([data-wrap])");
    for (const pre of blocks) {
      pre.addEventListener("scroll", () => update(pre), { passive: true });
      update(pre);
    }
    addEventListener("resize", () => blocks.forEach(update), { passive: true });
  }

  /* 7. Table of contents: mark the section being read. */

  function tocSpy() {
    const toc = doc.querySelector(".toc-side");
    if (!toc) return;
    const entries = all("a[data-toc-link]", toc)
      .map((link) => ({ link, target: doc.getElementById(link.dataset.tocLink) }))
      .filter((entry) => entry.target);
    if (!entries.length) return;
    let active = null;
    let pending = false;

    const update = () => {
      pending = false;
      if (!toc.offsetParent && getComputedStyle(toc).position !== "fixed") return;
      const line = Math.min(innerHeight * 0.25, 160);
      let found = null;
      for (const entry of entries) {
        if (entry.target.getBoundingClientRect().top - line > 0) break;
        found = entry;
      }
      // At the very bottom, the last heading is the one being read.
      if (innerHeight + scrollY >= root.scrollHeight - 2) found = entries.at(-1);
      const link = found?.link ?? null;
      if (link === active) return;
      active?.classList.remove("is-current");
      link?.classList.add("is-current");
      active = link;
    };
    const schedule = () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(update);
    };
    addEventListener("scroll", schedule, { passive: true });
    addEventListener("resize", schedule, { passive: true });
    update();
  }

  /* 8. Sidebar and phone menu. The menu is a <details> in the header and works without this;
   * here Escape closes it (focus back on its button), and the sidebar scrolls its current entry
   * into view when the tree is taller than the screen. */
  function menu() {
    const details = doc.querySelector("details[data-menu]");
    const sidebar = doc.querySelector("nav[data-sidebar]");
    if (details) {
      doc.addEventListener("keydown", (event) => {
        if (event.key !== "Escape" || !details.open) return;
        details.open = false;
        details.querySelector("summary").focus();
      });
      // A link to a place on this page keeps the page: close the panel so the place shows.
      sidebar?.addEventListener("click", (event) => {
        if (event.target.closest("a")) details.open = false;
      });
    }
    const current = sidebar?.querySelector('[aria-current="page"]');
    if (current && sidebar.scrollHeight > sidebar.clientHeight) {
      const below = current.offsetTop + current.offsetHeight - (sidebar.scrollTop + sidebar.clientHeight);
      if (below > 0) sidebar.scrollTop += below + sidebar.clientHeight / 3;
    }
  }

  /* Run every feature; one that fails leaves the others working. */

  const features = [theme, search, nav, copyButtons, compare, scrollCues, tocSpy, menu];
  const start = () => {
    for (const feature of features) {
      try {
        feature();
      } catch (error) {
        console.error(`versa: ${feature.name}:`, error);
      }
    }
  };
  // `defer` runs this after parsing; a copy of the theme that drops `defer` still works.
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
  else start();
}
