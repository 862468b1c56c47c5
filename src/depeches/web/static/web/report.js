/* "Signaler cette image" in place: the report form opens under the picture and is posted
   without leaving the page; the answer replaces it. Without this script the same link
   leads to the same form on a page of its own (/images/<id>/signaler/). The form's model
   is the page's <template id="report-form">; the CSRF token comes from its cookie. */
(function () {
  "use strict";
  var model = document.getElementById("report-form");
  if (!model || !window.fetch || !window.FormData) {
    return;
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function say(panel, text) {
    panel.querySelector(".report-message").textContent = text;
  }

  function send(panel, form) {
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      if (answer.message) {
        form.remove();
        say(panel, answer.message);
      } else {
        button.disabled = false;
        say(panel, answer.error || panel.getAttribute("data-failed"));
      }
    }).catch(function () {
      button.disabled = false;
      say(panel, panel.getAttribute("data-failed"));
    });
  }

  function open(link) {
    var picture = link.closest("[data-image-id]") || link;
    var next = picture.nextElementSibling;
    if (next && next.classList.contains("report-inline")) {
      next.remove();  // a second click closes it
      return;
    }
    var panel = model.content.firstElementChild.cloneNode(true);
    var form = panel.querySelector("form");
    form.action = link.getAttribute("href").split("?")[0];
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(panel, form);
    });
    picture.after(panel);
    form.querySelector("input, textarea, button").focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-report-image]");
    if (link) {
      event.preventDefault();
      open(link);
    }
  });
})();
