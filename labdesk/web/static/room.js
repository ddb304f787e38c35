/* The room view (and the remote's status): follows the laptop's timer through server-sent
   events and counts down on this device between them, from the moment the countdown reaches
   zero (its anchor), never by counting ticks. Served by labdesk itself; no other scripts. */
(function () {
  "use strict";
  var body = document.body;
  var now = document.querySelector("[data-view]");
  if (!now) return;
  var view = JSON.parse(now.getAttribute("data-view"));
  var skew = view.at * 1000 - Date.now(); // the laptop's clock minus this device's
  var seenSerial = view.message_serial;
  var connected = false;
  var timer = null;

  function $(id) { return document.getElementById(id); }
  function text(id, value) { var el = $(id); if (el) el.textContent = value; return el; }
  function show(id, yes) { var el = $(id); if (el) el.hidden = !yes; return el; }

  function digits(seconds) { // as labdesk.core.timer.format_seconds
    var over = seconds < 0;
    var whole = over ? Math.floor(-seconds) : Math.ceil(seconds);
    var h = Math.floor(whole / 3600), m = Math.floor((whole % 3600) / 60), s = whole % 60;
    var out = (h ? h + ":" + (m < 10 ? "0" : "") + m : String(m)) + ":" + (s < 10 ? "0" : "") + s;
    return over ? "+" + out : out;
  }

  function remaining() {
    if (view.running && view.ends_at !== null) return view.ends_at - (Date.now() + skew) / 1000;
    return view.remaining_s;
  }

  function level(left) {
    if (view.mode !== "phase" && view.mode !== "break") return "normal";
    if (left < 0) return "overrun";
    if (view.warn_s > 0 && left <= view.warn_s) return "warning";
    return "normal";
  }

  function tick() {
    var timed = view.mode === "phase" || view.mode === "break";
    var left = remaining();
    var lvl = level(left);
    text("countdown", timed ? digits(left) : "");
    var state = "";
    if (timed) {
      if (lvl === "overrun") state = "Over time";
      else if (lvl === "warning") state = "Nearly time";
      else if (!view.running) state = "Paused";
      else state = view.back_at || "";
    }
    text("state", state);
    body.classList.remove("level-normal", "level-warning", "level-overrun");
    body.classList.add("level-" + lvl);
    body.classList.toggle("still", !view.running);
    clearTimeout(timer);
    if (view.running) { // wake when the digits change
      var frac = left >= 0 ? left - Math.floor(left) : Math.ceil(left) - left;
      timer = setTimeout(tick, Math.max(20, Math.round((frac > 0 ? frac : 1) * 1000) + 5));
    }
  }

  function render(next) {
    view = next;
    skew = view.at * 1000 - Date.now();
    var idle = view.mode === "idle", closing = view.mode === "closing";
    text("item", idle ? view.prompt : (closing ? (view.closing[1] || "") : view.item));
    text("phase", idle ? view.workshop : (closing ? (view.closing[0] || "Thank you") : view.phase));
    show("round", !!view.round_label); text("round", view.round_label);
    show("prompt", !!view.prompt && !idle); text("prompt", view.prompt);
    show("next", !!view.next_up); text("next-text", view.next_up);
    show("blank", view.blank);
    var message = $("message");
    if (message) {
      message.hidden = !view.message;
      message.textContent = view.message;
      if (view.message && view.message_serial !== seenSerial) {
        message.classList.remove("flash");
        void message.offsetWidth; // restart the animation
        message.classList.add("flash");
      }
    }
    seenSerial = view.message_serial;
    var late = $("late");
    if (late) {
      late.hidden = !view.late_min;
      late.textContent = view.late_min > 0 ? "Running " + view.late_min + " min late" :
        (view.late_min < 0 ? -view.late_min + " min ahead" : "");
    }
    var list = $("agenda");
    if (list) {
      while (list.firstChild) list.removeChild(list.firstChild);
      view.agenda.forEach(function (line) {
        var li = document.createElement("li");
        li.className = "at-" + line.progress;
        var when = document.createElement("span"); when.className = "when"; when.textContent = line.start;
        var what = document.createElement("span"); what.className = "what"; what.textContent = line.title;
        li.appendChild(when); li.appendChild(document.createTextNode(" ")); li.appendChild(what);
        if (line.progress !== "coming") {
          var tag = document.createElement("span"); tag.className = "tag";
          tag.textContent = line.progress === "current" ? "now" : "done";
          li.appendChild(document.createTextNode(" ")); li.appendChild(tag);
        }
        list.appendChild(li);
      });
    }
    tick();
  }

  function status(live) {
    connected = live;
    text("live", live ? "Live: following the laptop." :
      "Reconnecting to the laptop… the time shown counts on from the last update.");
  }

  window.labdeskRoom = { render: render }; // the remote shows a press's result at once

  if (window.EventSource) {
    var source = new EventSource(body.getAttribute("data-events"));
    source.onmessage = function (e) { status(true); render(JSON.parse(e.data)); };
    source.onopen = function () { status(true); };
    source.onerror = function () { status(false); }; // EventSource tries again by itself
  } else { // no EventSource: ask every second
    var poll = function () {
      var request = new XMLHttpRequest();
      request.open("GET", body.getAttribute("data-now"));
      request.onload = function () { if (request.status === 200) { status(true); render(JSON.parse(request.responseText)); } else status(false); };
      request.onerror = function () { status(false); };
      request.send();
    };
    setInterval(poll, 1000);
  }
  text("live", "Connecting to the laptop…");
  render(view);
})();
