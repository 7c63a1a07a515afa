// versa serve: live reload. Added to pages by `versa serve` only, never by `versa build`.
//
// Listens on /__versa/events. `hello` (on every connect) reloads a page built before the
// latest build; `build` reloads this page if it changed, or swaps changed stylesheets in place;
// `failed` shows the failed rebuild's error over the page until the next good build. The scroll
// position is kept across reloads.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource) return;
  var build = script.getAttribute("data-build");
  var paths = [script.getAttribute("data-path"), script.getAttribute("data-served")];
  var scrollKey = "versa-scroll:" + location.pathname + location.search;

  try {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved) {
      sessionStorage.removeItem(scrollKey);
      var xy = JSON.parse(saved);
      // "instant": a theme with smooth scrolling would otherwise glide down from the top.
      var restore = function () { window.scrollTo({ left: xy[0], top: xy[1], behavior: "instant" }); };
      if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
    }
  } catch (e) { /* storage may be disabled */ }

  function reload() {
    try { sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY])); } catch (e) {}
    location.reload();
  }

  function swapStylesheets(changed) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin || changed.indexOf(url.pathname.replace(/^\//, "")) < 0) return;
      url.searchParams.set("versa-reload", String(Date.now()));
      var fresh = link.cloneNode();
      fresh.href = url.href;
      // Drop the old sheet only once the new one applies: no flash of unstyled page.
      fresh.addEventListener("load", function () { link.remove(); });
      fresh.addEventListener("error", function () { fresh.remove(); });
      link.after(fresh);
    });
  }

  function clearOverlay() {
    var overlay = document.getElementById("versa-error-overlay");
    if (overlay) overlay.remove();
  }

  function showOverlay(html) {
    clearOverlay();
    if (html) document.body.insertAdjacentHTML("beforeend", html);
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-versa-dismiss]")) clearOverlay();
  });

  var source = new EventSource("/__versa/events");
  source.addEventListener("hello", function (event) {
    var data = JSON.parse(event.data);
    script.setAttribute("data-connected", "");
    if (data.build !== build) return reload();
    if (data.overlay) showOverlay(data.overlay); else clearOverlay();
  });
  source.addEventListener("build", function (event) {
    var data = JSON.parse(event.data);
    build = data.build;
    clearOverlay();
    var mine = data.reload.some(function (path) { return paths.indexOf(path) >= 0; });
    if (data.all || mine) return reload();
    if (data.css.length) swapStylesheets(data.css);
  });
  source.addEventListener("failed", function (event) {
    showOverlay(JSON.parse(event.data).overlay);
  });
})();
