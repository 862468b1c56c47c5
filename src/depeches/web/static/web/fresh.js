/* Keep the headline strip fresh without a reload: every minute, fetch the strip alone
   (/fragments/headlines/) and put it in place; on the home page, say how many articles
   arrived since the page was loaded, with a link that reloads it. The page works without
   this script: a reload always shows the latest. No inline script anywhere (CSP). */
(function () {
  "use strict";
  var EVERY = 60 * 1000;
  var strip = document.getElementById("headlines");
  if (!strip || !window.fetch || !window.DOMParser) {
    return;
  }
  var url = strip.getAttribute("data-refresh-url");
  var notice = document.getElementById("new-articles");
  var seen = articleIds(strip);

  function articleIds(root) {
    var ids = {};
    root.querySelectorAll("[data-article-id]").forEach(function (item) {
      ids[item.getAttribute("data-article-id")] = true;
    });
    return ids;
  }

  function announce(fresh) {
    if (!notice) {
      return;
    }
    var count = 0;
    Object.keys(articleIds(fresh)).forEach(function (id) {
      if (!seen[id]) {
        count += 1;
      }
    });
    if (!count) {
      return;
    }
    var lang = document.documentElement.lang || "fr";
    var category = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang).select(count) : "other";
    var sentence = notice.getAttribute("data-" + category) || notice.getAttribute("data-other") || "";
    notice.querySelector("a").textContent = sentence.replace("{n}", String(count));
    notice.hidden = false;
  }

  function refresh() {
    if (document.hidden) {
      return; // a tab in the background asks for nothing
    }
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (!html) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("headlines");
        if (!fresh) {
          return;
        }
        var scrolled = strip.querySelector("ol") ? strip.querySelector("ol").scrollLeft : 0;
        strip.replaceWith(fresh);
        strip = fresh;
        if (strip.querySelector("ol")) {
          strip.querySelector("ol").scrollLeft = scrolled;
        }
        announce(fresh);
      })
      .catch(function () {
        /* offline or server busy: try again next minute */
      });
  }

  window.setInterval(refresh, EVERY);
})();
