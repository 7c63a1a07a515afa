/* versa default theme: the contender filter, on pages that show three contenders or more.
 * Without JavaScript every contender shows and the control ([data-contender-filter]) stays
 * hidden. The page links this file in <head>, not deferred, so that
 *
 * 1. before anything paints, the choice is read (?c=a,b in the URL, else the contenders the
 *    reader switched off on any page, localStorage "versa-contenders-off") and a <style>
 *    hides the others' criteria cells ([data-contender]) and compare panes (by name);
 * 2. once the page is parsed, and before versa.js lays out compare groups, what is hidden is
 *    marked data-filtered (the stylesheet counts only the panes shown), the control appears
 *    and the URL says what the page shows;
 * 3. each change updates the marks, the URL (replaceState) and the memory. Tabs that versa.js
 *    makes for a group follow its panes: a hidden pane's tab is hidden and never selected.
 */
(function () {
  "use strict";

  var doc = document;
  var KEY = "versa-contenders-off";
  var PARAM = "c";
  var script = doc.currentScript;
  var all;
  try {
    all = JSON.parse((script && script.getAttribute("data-contenders")) || "[]");
  } catch (e) {
    return;
  }
  if (all.length < 2) return;
  var keys = all.map(function (c) {
    return c.key;
  });

  function load() {
    try {
      return (window.localStorage.getItem(KEY) || "").split(",").filter(Boolean);
    } catch (e) {
      return [];
    }
  }

  function save(off) {
    try {
      if (off.length) window.localStorage.setItem(KEY, off.join(","));
      else window.localStorage.removeItem(KEY);
    } catch (e) {
      /* storage may be disabled; the choice then lives in the URL only */
    }
  }

  /** The keys this page shows: the URL's choice, else all but those switched off; never none. */
  function initial() {
    var param = new URLSearchParams(window.location.search).get(PARAM);
    if (param !== null) {
      var wanted = param.split(",");
      var chosen = keys.filter(function (k) {
        return wanted.indexOf(k) !== -1;
      });
      if (chosen.length) return chosen;
    }
    var off = load();
    var shown = keys.filter(function (k) {
      return off.indexOf(k) === -1;
    });
    return shown.length ? shown : keys.slice();
  }

  var shown = initial();

  function isShown(contender) {
    return shown.indexOf(contender.key) !== -1;
  }

  function cssString(text) {
    return '"' + String(text).replace(/["\\]/g, "\\$&").replace(/[\n\r\f]/g, " ") + '"';
  }

  /* 1. Before paint: one rule for what is hidden. */
  var style = doc.createElement("style");
  function writeStyle() {
    style.textContent = all
      .filter(function (c) {
        return !isShown(c);
      })
      .map(function (c) {
        return (
          "[data-criteria] [data-contender=" + cssString(c.key) + "], [data-compare-pane=" +
          cssString(c.name) + "] { display: none !important; }\n"
        );
      })
      .join("");
  }
  writeStyle();
  (doc.head || doc.documentElement).appendChild(style);

  /* 2. Marks on the page, kept in step with the choice. */
  function byName(name) {
    for (var i = 0; i < all.length; i++) if (all[i].name === name) return all[i];
    return null;
  }

  function byKey(key) {
    return all[keys.indexOf(key)] || null;
  }

  function mark(element, contender) {
    if (!contender) return false;
    var hide = !isShown(contender);
    var changed = hide !== element.hasAttribute("data-filtered");
    if (hide) element.setAttribute("data-filtered", "");
    else element.removeAttribute("data-filtered");
    return changed;
  }

  /** Keeps a tabbed group's tabs in step with its panes, and its selection on a shown pane. */
  function fixTabs(group) {
    var tabs = Array.prototype.slice.call(group.querySelectorAll('[role="tab"][aria-controls]'));
    var visible = tabs.filter(function (tab) {
      var pane = doc.getElementById(tab.getAttribute("aria-controls"));
      var hide = Boolean(pane && pane.hasAttribute("data-filtered"));
      if (hide !== tab.hasAttribute("data-filtered")) {
        if (hide) tab.setAttribute("data-filtered", "");
        else tab.removeAttribute("data-filtered");
      }
      return !hide;
    });
    var selected = tabs.filter(function (tab) {
      return tab.getAttribute("aria-selected") === "true";
    })[0];
    if (selected && visible.length && visible.indexOf(selected) === -1) visible[0].click();
    return visible;
  }

  var groups = [];

  function markAll() {
    var relayout = [];
    Array.prototype.forEach.call(doc.querySelectorAll("[data-criteria] [data-contender]"), function (cell) {
      mark(cell, byKey(cell.getAttribute("data-contender")));
    });
    groups.forEach(function (group) {
      var changed = false;
      Array.prototype.forEach.call(group.querySelectorAll("[data-compare-pane]"), function (pane) {
        if (pane.closest("[data-compare]") !== group) return;
        if (mark(pane, byName(pane.getAttribute("data-compare-pane")))) changed = true;
      });
      fixTabs(group);
      if (changed) relayout.push(group);
    });
    return relayout;
  }

  /* versa.js decides between tabs and side by side when a group's width changes; a change of
   * what the group shows is one too, so the group is narrowed by a pixel for one frame. */
  function relayoutGroups(list) {
    list.forEach(function (group) {
      group.style.maxWidth = "calc(100% - 1px)";
    });
    window.requestAnimationFrame(function () {
      window.requestAnimationFrame(function () {
        list.forEach(function (group) {
          group.style.maxWidth = "";
        });
      });
    });
  }

  function writeUrl() {
    var params = new URLSearchParams(window.location.search);
    params.delete(PARAM);
    var query = params.toString();
    if (shown.length < keys.length) {
      query += (query ? "&" : "") + PARAM + "=" + shown.map(encodeURIComponent).join(",");
    }
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      try {
        window.history.replaceState(window.history.state, "", url);
      } catch (e) {
        /* a page opened from a file: the URL cannot change */
      }
    }
  }

  /** The contenders switched off here join those switched off on other pages. */
  function remember() {
    var off = load().filter(function (k) {
      return keys.indexOf(k) === -1;
    });
    keys.forEach(function (k) {
      if (shown.indexOf(k) === -1) off.push(k);
    });
    save(off);
  }

  function announce(text) {
    var live = doc.querySelector("[data-live]");
    if (!live) return;
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = text;
    }, 50);
  }

  /** Arrow keys in a group's tabs skip the hidden tabs (versa.js knows nothing of them). */
  function skipHiddenTabs(group) {
    group.addEventListener(
      "keydown",
      function (event) {
        var tab = event.target.closest && event.target.closest('[role="tab"]');
        if (!tab || shown.length === keys.length) return;
        var visible = fixTabs(group);
        var at = visible.indexOf(tab);
        if (at === -1) return;
        var last = visible.length - 1;
        var next = { ArrowRight: at === last ? 0 : at + 1, ArrowLeft: at === 0 ? last : at - 1, Home: 0, End: last }[
          event.key
        ];
        if (next === undefined) return;
        event.preventDefault();
        event.stopPropagation();
        visible[next].click();
        visible[next].focus();
      },
      true
    );
    // versa.js adds and removes tabs as the group's width changes.
    new MutationObserver(function () {
      fixTabs(group);
    }).observe(group, { childList: true, subtree: true, attributes: true, attributeFilter: ["aria-selected"] });
  }

  function setupControl(control) {
    var boxes = Array.prototype.slice.call(control.querySelectorAll('input[type="checkbox"]'));
    var sync = function () {
      boxes.forEach(function (box) {
        box.checked = shown.indexOf(box.value) !== -1;
      });
    };
    sync();
    control.addEventListener("change", function (event) {
      var box = event.target;
      var next = boxes
        .filter(function (b) {
          return b.checked;
        })
        .map(function (b) {
          return b.value;
        });
      if (!next.length) {
        box.checked = true;
        announce("At least one contender stays shown.");
        return;
      }
      shown = keys.filter(function (k) {
        return next.indexOf(k) !== -1;
      });
      writeStyle();
      relayoutGroups(markAll());
      writeUrl();
      remember();
      doc.dispatchEvent(new CustomEvent("versa:contenders", { detail: { shown: shown.slice() } }));
    });
    control.hidden = false;
  }

  var started = false;
  function start() {
    if (started) return;
    started = true;
    groups = Array.prototype.slice.call(doc.querySelectorAll("[data-compare]"));
    markAll();
    groups.forEach(skipHiddenTabs);
    Array.prototype.forEach.call(doc.querySelectorAll("[data-contender-filter]"), setupControl);
    writeUrl();
  }

  // "interactive" comes after parsing and before deferred scripts (versa.js) run.
  if (doc.readyState === "loading") {
    doc.addEventListener("readystatechange", function () {
      if (doc.readyState !== "loading") start();
    });
    doc.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
