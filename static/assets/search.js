/* versa default theme: the search dialog. Loaded by versa.js (initSearch) the first time a
 * reader opens search, never before; it then loads its stylesheet and Pagefind's script, which
 * fetches the index from the search folder as queries need it.
 *
 * Pagefind's JavaScript API (search(), data(), filters()) with the theme's own small dialog,
 * instead of Pagefind's prebuilt UI: a fraction of the bytes, the theme's colours in light and
 * dark, and keyboard behaviour of our choosing:
 *
 * - a modal <dialog data-search>: the page behind is inert, Tab stays inside, Esc closes, and
 *   focus goes back to what opened it;
 * - ArrowDown/ArrowUp move between the input and the results (real links: Enter opens one,
 *   and a middle click opens it in a new tab); typing from a result goes back to the input;
 * - results show the title, the section and an excerpt with the terms marked; selects narrow
 *   them by section and, on comparison sites, by contender.
 */

const PAGE = 8; // results shown at once; "More results" adds as many again
let dialog, input, list, status, more, selects, trigger, pagefind;
let results = [];
let shown = 0;
let query = 0; // a search's number, so late answers to old queries are dropped

export async function open(button) {
  const active = document.activeElement;
  // Opened with a key from the page itself, focus comes back to the button.
  trigger = active && active !== document.body ? active : button;
  if (!dialog) {
    dialog = build(button);
    document.body.append(dialog);
    await stylesheet(button.getAttribute("data-search-style"));
  }
  if (!dialog.open) dialog.showModal();
  input.focus();
  input.select();
  if (!pagefind) pagefind = start(button.getAttribute("data-search-index"));
}

function element(tag, attributes, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function build(button) {
  const box = element("dialog", { class: "search-dialog", "data-search": "", "aria-label": "Search" });
  const form = element("form", { class: "search-form", role: "search", method: "dialog" });
  const field = element("div", { class: "search-field" });
  const label = element("label", { class: "visually-hidden", for: "search-input" }, "Search the site");
  input = element("input", {
    id: "search-input",
    class: "search-input",
    type: "search",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "Search",
    "aria-describedby": "search-status",
  });
  const close = element("button", { class: "search-close", type: "button" }, "Close");
  close.addEventListener("click", () => dialog.close());
  field.append(label, input, close);
  const filters = element("div", { class: "search-filters", hidden: "" });
  form.append(field, filters);
  status = element("p", { id: "search-status", class: "search-status", role: "status" });
  list = element("ul", { class: "search-results", "aria-label": "Results" });
  more = element("button", { class: "search-more", type: "button", hidden: "" }, "More results");
  more.addEventListener("click", () => showMore(true));
  box.append(form, status, list, more);
  selects = filters;

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) first.click();
  });
  input.addEventListener("input", run);
  box.addEventListener("keydown", keys);
  // A click on the backdrop (the dialog element itself, outside its content) closes it.
  box.addEventListener("click", (event) => {
    if (event.target === box) box.close();
  });
  box.addEventListener("close", () => {
    const back = trigger && trigger.isConnected ? trigger : button;
    back.focus();
  });
  return box;
}

function stylesheet(href) {
  return new Promise((done) => {
    const link = element("link", { rel: "stylesheet", href });
    link.addEventListener("load", done);
    link.addEventListener("error", done);
    document.head.append(link);
    setTimeout(done, 1500); // never keep the dialog shut for a slow stylesheet
  });
}

async function start(src) {
  try {
    // A large site's index comes in parts (`[search] pages_per_index`): parts.json lists the
    // folders of those after the first, and Pagefind searches them all as one.
    const folder = new URL(src, location.href);
    const listed = fetch(new URL("parts.json", folder)).then((r) => (r.ok ? r.json() : []));
    const [api, parts] = await Promise.all([import(src), listed]);
    const options = { excerptLength: 22 };
    await api.options(options);
    await api.init();
    await Promise.all(parts.map((part) => api.mergeIndex(new URL(part, folder).pathname, options)));
    filterSelects(await api.filters());
    return api;
  } catch (error) {
    status.textContent = "Search is not available right now.";
    pagefind = null;
    throw error;
  }
}

const FILTER_LABELS = { section: "Section", contender: "Contender" };

function filterSelects(available) {
  for (const [name, caption] of Object.entries(FILTER_LABELS)) {
    const values = Object.keys((available && available[name]) || {}).sort((a, b) => a.localeCompare(b));
    if (!values.length) continue;
    const label = element("label", { class: "search-filter" }, caption + " ");
    const select = element("select", { "data-search-filter": name });
    select.append(element("option", { value: "" }, "All"));
    for (const value of values) select.append(element("option", { value }, value));
    select.addEventListener("change", run);
    label.append(select);
    selects.append(label);
    selects.hidden = false;
  }
}

function chosenFilters() {
  const chosen = {};
  for (const select of selects.querySelectorAll("select")) {
    if (select.value) chosen[select.getAttribute("data-search-filter")] = select.value;
  }
  return chosen;
}

async function run() {
  const number = ++query;
  const term = input.value.trim();
  const filters = chosenFilters();
  if (!term && !Object.keys(filters).length) {
    show(number, [], "");
    return;
  }
  let api;
  try {
    api = await pagefind;
  } catch (error) {
    return;
  }
  const found = await api.search(term || null, { filters });
  if (number !== query || !found) return;
  show(number, found.results, term);
}

function show(number, found, term) {
  results = found;
  shown = 0;
  list.replaceChildren();
  if (!term && !found.length) {
    status.textContent = "";
    more.hidden = true;
    return;
  }
  status.textContent = found.length
    ? `${found.length} ${found.length === 1 ? "result" : "results"}`
    : `No results for “${term}”`;
  showMore(false, number);
}

async function showMore(focusFirstNew, number = query) {
  const batch = results.slice(shown, shown + PAGE);
  shown += batch.length;
  const pages = await Promise.all(batch.map((result) => result.data()));
  if (number !== query) return;
  let first = null;
  for (const page of pages) {
    const item = result(page);
    list.append(item);
    first = first || item.querySelector("a");
  }
  more.hidden = shown >= results.length;
  if (focusFirstNew && first) first.focus();
}

function result(page) {
  const item = element("li", { class: "search-result" });
  const link = element("a", { href: page.url });
  link.append(element("span", { class: "search-result-title" }, (page.meta && page.meta.title) || page.url));
  if (page.meta && page.meta.section) {
    link.append(element("span", { class: "search-result-section" }, page.meta.section));
  }
  const excerpt = element("span", { class: "search-result-excerpt" });
  // Pagefind escapes the page text and adds only <mark> around the terms found.
  excerpt.innerHTML = page.excerpt;
  link.append(excerpt);
  item.append(link);
  return item;
}

function keys(event) {
  const links = Array.from(list.querySelectorAll("a"));
  const at = links.indexOf(document.activeElement);
  const inSelect = document.activeElement && document.activeElement.tagName === "SELECT";
  if (event.key === "Escape") {
    // Also from the input, where Esc would first only clear the text.
    event.preventDefault();
    dialog.close();
  } else if (inSelect) {
    // Arrow keys choose the select's value.
  } else if (event.key === "ArrowDown" && links.length) {
    event.preventDefault();
    links[Math.min(at + 1, links.length - 1)].focus();
  } else if (event.key === "ArrowUp" && at >= 0) {
    event.preventDefault();
    if (at === 0) input.focus();
    else links[at - 1].focus();
  } else if (event.key === "Tab") {
    keepFocusInside(event);
  } else if (at >= 0 && event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
    input.focus(); // the key then types into the input
  }
}

/* The dialog is modal, so the page behind is inert; Tab also wraps within it rather than
 * leaving for the browser's own controls. */
function keepFocusInside(event) {
  const focusable = Array.from(dialog.querySelectorAll("input, select, button, a[href]")).filter(
    (node) => !node.closest("[hidden]")
  );
  if (!focusable.length) return;
  const [first, last] = [focusable[0], focusable[focusable.length - 1]];
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}
