/* The door desk: scans (a keyboard-wedge scanner, typing, or this device's camera) and name
   searches sent to the laptop, and the result shown only once the laptop has stored it. Nothing
   is kept here: offline, the desk says so and checks nobody in. Served by labdesk itself. */
(function () {
  "use strict";
  var body = document.body;
  var base = body.getAttribute("data-base");
  var csrf = body.getAttribute("data-csrf");
  var WAIT_MS = 8000; // an answer later than this counts as no answer
  var GAP_MS = 35, MIN_SCAN = 6; // scanners type faster than people (labdesk.core.checkin)

  function $(id) { return document.getElementById(id); }
  var code = $("code"), result = $("result"), offline = $("offline");
  var marks = { go: "✓", wait: "!", stop: "✕" };

  function say(tone, headline, who, advice) {
    result.className = "result " + tone;
    while (result.firstChild) result.removeChild(result.firstChild);
    var mark = document.createElement("span");
    mark.className = "mark"; mark.setAttribute("aria-hidden", "true");
    mark.textContent = marks[tone] || "…";
    result.appendChild(mark);
    [["headline", headline], ["who", who], ["advice", advice]].forEach(function (part) {
      if (!part[1]) return;
      var p = document.createElement("p"); p.className = part[0]; p.textContent = part[1];
      result.appendChild(p);
    });
  }

  function counts(c) {
    if (!c) return;
    var el = $("counts");
    while (el.firstChild) el.removeChild(el.firstChild);
    var strong = document.createElement("strong"); strong.textContent = String(c["in"]);
    el.appendChild(strong); el.appendChild(document.createTextNode(" of " + c.expected + " in"));
  }

  function setOffline(yes) { offline.hidden = !yes; }

  function send(method, url, form) {
    var controller = window.AbortController ? new AbortController() : null;
    var timeout = setTimeout(function () { if (controller) controller.abort(); }, WAIT_MS);
    var options = { method: method, headers: { "Accept": "application/json" }, credentials: "same-origin" };
    if (controller) options.signal = controller.signal;
    if (form) {
      var data = new URLSearchParams(); data.append("csrf", csrf);
      Object.keys(form).forEach(function (k) { data.append(k, form[k]); });
      options.body = data; // application/x-www-form-urlencoded
    }
    return fetch(url, options).then(function (response) {
      clearTimeout(timeout); setOffline(false);
      return response.json().catch(function () { return { ok: false, status: response.status }; })
        .then(function (json) { json.status = response.status; return json; });
    }, function (error) { clearTimeout(timeout); setOffline(true); throw error; });
  }

  function outcome(json) {
    if (json.ok) {
      var who = json.name ? json.name + (json.organisation ? " · " + json.organisation : "") : "";
      var advice = json.access_needs ? "Access needs: " + json.access_needs + ". " + json.advice : json.advice;
      say(json.tone, json.headline, who, advice);
    } else if (json.status === 403) {
      say("stop", "Not checked in: this desk is closed", "", "Reload the page and type the desk's PIN again.");
    } else if (json.status === 429) {
      say("stop", "Not checked in: too many at once", "", "Wait a few seconds, then scan again.");
    } else {
      say("stop", json.headline || "Not checked in", "", json.advice || "The laptop did not store it. Scan again.");
    }
    counts(json.counts);
  }

  function lost() {
    say("stop", "Not checked in: the desk is offline", "",
      "The laptop did not answer. Nothing was stored from here: scan again when the connection is back.");
  }

  var busy = false;
  function scan(text, method) {
    text = text.trim();
    if (!text || busy) return;
    busy = true;
    say("checking", "Checking…", text.length > 40 ? text.slice(0, 37) + "…" : text, "");
    send("POST", base + "desk/scan", { code: text, method: method || "scan" })
      .then(outcome, lost).then(function () { busy = false; ready(); });
  }

  function ready() {
    var active = document.activeElement;
    if (!active || active === document.body || active === code) code.focus();
  }

  $("scan").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = code.value; code.value = "";
    scan(text, "scan");
  });

  // A scanner's burst of keys, wherever the focus is (in the search box too): a scan.
  var burst = "", last = 0;
  document.addEventListener("keydown", function (e) {
    var t = e.timeStamp || Date.now();
    if (e.key === "Enter") {
      var fast = burst.length >= MIN_SCAN && t - last < GAP_MS * 3;
      var target = e.target;
      if (fast && target !== code && target.tagName !== "TEXTAREA") {
        e.preventDefault();
        if (target.value !== undefined && target.value.slice(-burst.length) === burst) {
          target.value = target.value.slice(0, -burst.length);
        }
        scan(burst, "scan");
      }
      burst = "";
      return;
    }
    if (e.key && e.key.length === 1) {
      if (t - last > GAP_MS) burst = "";
      burst += e.key; last = t;
    }
  }, true);

  // Name search, as you type.
  var q = $("q"), found = $("found"), nobody = $("nobody"), searchTimer = null, asked = 0;
  function people(json) {
    while (found.firstChild) found.removeChild(found.firstChild);
    nobody.hidden = !(json.query.trim() && json.found.length === 0);
    json.found.forEach(function (p) {
      var li = document.createElement("li");
      var who = document.createElement("span"); who.className = "person";
      var strong = document.createElement("strong"); strong.textContent = p.name; who.appendChild(strong);
      if (p.organisation) {
        var org = document.createElement("span"); org.className = "org"; org.textContent = p.organisation;
        who.appendChild(document.createTextNode(" ")); who.appendChild(org);
      }
      li.appendChild(who);
      if (p.in_at || p.cancelled) {
        var tag = document.createElement("span"); tag.className = p.cancelled && !p.in_at ? "tag stop" : "tag";
        tag.textContent = p.in_at ? "in since " + p.in_at : "cancelled ticket";
        li.appendChild(tag);
      } else {
        var button = document.createElement("button");
        button.type = "button"; button.className = "small"; button.textContent = "Check in";
        button.setAttribute("aria-label", "Check in " + p.name);
        button.addEventListener("click", function () { admit(p); });
        li.appendChild(button);
      }
      found.appendChild(li);
    });
  }
  function search() {
    var mine = ++asked;
    send("GET", base + "desk/search?q=" + encodeURIComponent(q.value)).then(function (json) {
      if (mine === asked && json.found) people(json);
    }, function () {});
  }
  q.addEventListener("input", function () { clearTimeout(searchTimer); searchTimer = setTimeout(search, 120); });
  $("search").addEventListener("submit", function (e) { e.preventDefault(); search(); });

  function admit(p) {
    if (busy) return;
    busy = true;
    say("checking", "Checking…", p.name, "");
    send("POST", base + "desk/check-in", { attendee: String(p.id) }).then(function (json) {
      outcome(json);
      if (json.ok) { q.value = ""; people({ query: "", found: [] }); }
    }, lost).then(function () { busy = false; code.focus(); });
  }

  // Walk-ins.
  var walkIn = $("walk-in"), problem = $("walk-in-problem");
  walkIn.addEventListener("submit", function (e) {
    e.preventDefault();
    if (busy) return;
    busy = true;
    var form = { name: walkIn.name.value, organisation: walkIn.organisation.value,
      email: walkIn.email.value, again: walkIn.again.value };
    say("checking", "Checking…", form.name, "");
    send("POST", base + "desk/walk-in", form).then(function (json) {
      if (json.walk_in_problem) {
        problem.hidden = false; problem.textContent = json.walk_in_problem;
        walkIn.again.value = json.again || "";
        say("ready", "Walk-in not added yet", "", json.walk_in_problem);
        return;
      }
      outcome(json);
      if (json.ok) {
        problem.hidden = true; walkIn.reset(); walkIn.again.value = "";
        walkIn.parentNode.open = false;
      }
    }, lost).then(function () { busy = false; });
  });

  // Live counts, and noticing the laptop is out of reach before the next scan.
  setInterval(function () {
    send("GET", base + "desk/counts").then(function (json) { if (json["in"] !== undefined) counts(json); }, function () {});
  }, 10000);
  window.addEventListener("offline", function () { setOffline(true); });

  // The camera: live where the browser allows it (a secure page), else one photo at a time.
  var camera = $("camera"), mode = $("camera-mode"), start = $("camera-start");
  var video = $("camera-video"), photoPart = $("photo-part"), photo = $("photo");
  var live = window.isSecureContext && navigator.mediaDevices && navigator.mediaDevices.getUserMedia;
  var detector = null;
  if (live && "BarcodeDetector" in window) {
    try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch (e) { detector = null; }
  }
  camera.hidden = false;
  photoPart.hidden = false;
  if (live) {
    start.hidden = false;
    mode.textContent = "Live camera scanning (" + (detector ? "the browser's own QR reader" : "labdesk's QR reader") +
      "). A photo works too.";
  } else {
    mode.textContent = "Photo scanning: take a photo of the QR code and it is read on this device. " +
      "Live camera scanning needs a secure (https) connection, which the laptop's hotspot does not have.";
  }

  var jsQRLoading = null;
  function jsQR() {
    if (window.jsQR) return Promise.resolve(window.jsQR);
    if (!jsQRLoading) {
      jsQRLoading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = body.getAttribute("data-jsqr");
        s.onload = function () { resolve(window.jsQR); };
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return jsQRLoading;
  }

  var canvas = document.createElement("canvas");
  function decode(source, width, height) {
    if (detector) {
      return detector.detect(source).then(function (codes) { return codes.length ? codes[0].rawValue : ""; });
    }
    return jsQR().then(function (read) {
      var scale = Math.min(1, 1280 / Math.max(width, height));
      canvas.width = Math.round(width * scale); canvas.height = Math.round(height * scale);
      var context = canvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(source, 0, 0, canvas.width, canvas.height);
      var pixels = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = read(pixels.data, pixels.width, pixels.height, { inversionAttempts: "attemptBoth" });
      return found ? found.data : "";
    });
  }

  photo.addEventListener("change", function () {
    var file = photo.files && photo.files[0];
    if (!file) return;
    say("checking", "Reading the photo…", "", "");
    createImageBitmap(file).then(function (bitmap) {
      return decode(bitmap, bitmap.width, bitmap.height);
    }).then(function (text) {
      photo.value = "";
      if (text) scan(text, "camera");
      else say("wait", "No QR code found in the photo", "", "Hold the badge flat, fill the picture with the QR code, and try again.");
    }, function () {
      photo.value = "";
      say("wait", "That photo could not be read", "", "Try again, or type the code under the QR code.");
    });
  });

  var stream = null, lastText = "", lastAt = 0;
  function frame() {
    if (!stream) return;
    if (video.readyState >= 2 && !busy) {
      decode(video, video.videoWidth, video.videoHeight).then(function (text) {
        var t = Date.now();
        if (text && (text !== lastText || t - lastAt > 4000)) { lastText = text; lastAt = t; scan(text, "camera"); }
        setTimeout(frame, 150);
      }, function () { setTimeout(frame, 500); });
    } else setTimeout(frame, 150);
  }
  start.addEventListener("click", function () {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null; video.hidden = true; start.textContent = "Scan with the camera";
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
      stream = s; video.srcObject = s; video.hidden = false; video.play();
      start.textContent = "Stop the camera"; frame();
    }, function () {
      mode.textContent = "The camera could not be opened here. Take a photo instead, or type the code.";
    });
  });

  ready();
})();
