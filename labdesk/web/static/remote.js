/* The remote: each button a press sent to the laptop's presenter, its result said once the
   laptop has stored it. Without this script every button is a plain form. Served by labdesk. */
(function () {
  "use strict";
  var said = document.getElementById("said");
  function say(text, ok) { said.textContent = text; said.className = ok ? "said" : "said refused"; }
  Array.prototype.forEach.call(document.querySelectorAll("form.press"), function (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var data = new URLSearchParams(new FormData(form));
      var controller = window.AbortController ? new AbortController() : null;
      var timeout = setTimeout(function () { if (controller) controller.abort(); }, 8000);
      var options = { method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" } };
      if (controller) options.signal = controller.signal;
      say("Sending…", true);
      fetch(form.getAttribute("action"), options).then(function (response) {
        clearTimeout(timeout);
        return response.json().then(function (json) {
          say(json.text, json.ok);
          if (json.view && window.labdeskRoom) window.labdeskRoom.render(json.view);
          if (json.ok && form.classList.contains("message-form")) form.reset();
        }, function () {
          say(response.status === 403 ? "This remote is closed: reload the page and type its PIN." :
            "Not done: the laptop refused it (" + response.status + ").", false);
        });
      }, function () {
        clearTimeout(timeout);
        say("Not done: the remote cannot reach the laptop. Nothing changed from here.", false);
      });
    });
  });
})();
