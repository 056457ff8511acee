// Progressive enhancements for the timeline. Every page works without this file:
// event toggles are plain links to permalinks, filters are a plain GET form.
(function () {
  "use strict";

  // Event entries become disclosure buttons here, once htmx can expand them in place; the
  // server renders plain links, so without JavaScript nothing claims to expand.
  function upgradeToggles(root) {
    root.querySelectorAll(".event__toggle").forEach(function (toggle) {
      toggle.setAttribute("role", "button");
      toggle.setAttribute("aria-expanded", String(toggle.closest(".event--expanded") !== null));
    });
    root.querySelectorAll(".copy-link, .copy-embed").forEach(function (button) {
      if (canWriteClipboard()) {
        button.hidden = false;
      }
    });
  }

  // The Clipboard API exists, and may be used here: a frame on another site (the embed) may
  // write only where the host page allowed it (allow="clipboard-write", as our embed code does).
  function canWriteClipboard() {
    var policy = document.permissionsPolicy || document.featurePolicy;
    if (policy && policy.allowsFeature && !policy.allowsFeature("clipboard-write")) {
      return false;
    }
    return Boolean(navigator.clipboard);
  }

  // Buttons answer to Space as well as Enter; links only to Enter.
  document.addEventListener("keydown", function (event) {
    var toggle = event.target.closest && event.target.closest(".event__toggle");
    if (toggle && (event.key === " " || event.key === "Spacebar")) {
      event.preventDefault();
      toggle.click();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".copy-link");
    if (!button) {
      return;
    }
    var status = button.parentElement.querySelector(".copy-link__status");
    navigator.clipboard.writeText(button.dataset.copyUrl).then(
      // The messages come translated from the page (data-copied, data-failed).
      function () { status.textContent = button.dataset.copied || "Link copied."; },
      function () { status.textContent = button.dataset.failed || "Could not copy; use the permalink instead."; }
    );
  });

  // The timeline's embed code: the snippet shown beside the button, its messages from the page
  // (translated there). A failure selects the snippet, ready to copy by hand.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".copy-embed");
    if (!button) {
      return;
    }
    var snippet = document.getElementById(button.dataset.copyFrom);
    var status = button.parentElement.querySelector(".copy-embed__status");
    navigator.clipboard.writeText(snippet.value).then(
      function () { status.textContent = button.dataset.copied; },
      function () {
        snippet.select();
        status.textContent = button.dataset.failed;
      }
    );
  });

  // The filter form is folded away on phones only. Wide screens already show it from the
  // first paint (site.css), so opening the details for real, which lets the reader fold it,
  // moves nothing. (Browsers without ::details-content show it only from here.)
  function openFiltersOnWideScreens() {
    var panel = document.querySelector(".filters-panel");
    // In the embed the events come first, at any width (site.css keeps the form folded too).
    if (panel && !panel.closest(".embed") && window.matchMedia("(min-width: 48rem)").matches) {
      panel.open = true;
    }
    document.documentElement.classList.add("filters-managed");
  }

  // An event opened on the timeline pushes its permalink, but reloading that entry loads
  // another page, the event's own; the browser would restore the timeline's scroll position
  // there and land far below the title. So entries whose page differs from this one restore
  // no scroll position (the setting belongs to the history entry); back and forward within
  // the timeline are htmx's, which restores the scroll position from its snapshots.
  var ownPath = location.pathname;
  document.addEventListener("htmx:pushedIntoHistory", function (event) {
    if (new URL(event.detail.path, location.href).pathname !== ownPath) {
      history.scrollRestoration = "manual";
    }
  });

  // The embed opened at an event (?event=<slug>, its deep link) shows that event at the top of
  // the frame. Scrolling the frame's own window, not scrollIntoView, leaves the host page where
  // the reader has it. A #fragment in the address has already placed the frame.
  function showOpenEventInEmbed() {
    var open = document.querySelector(".embed .event--expanded");
    if (open && !location.hash) {
      window.scrollTo(0, open.getBoundingClientRect().top + window.scrollY);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    upgradeToggles(document);
    openFiltersOnWideScreens();
    showOpenEventInEmbed();
  });
  document.addEventListener("htmx:load", function (event) { upgradeToggles(event.detail.elt); });
})();
