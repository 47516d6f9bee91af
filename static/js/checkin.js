/* Check-in desk: keep the live count fresh, and scan QR codes in the page where the browser can.
   Without JavaScript the page still works: type the code, or open the ticket's link with the camera app. */
(function () {
  "use strict";
  var desk = document.querySelector(".desk[data-count-url]");
  if (!desk) { return; }

  function refresh() {
    fetch(desk.getAttribute("data-count-url"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (counts) {
        if (!counts) { return; }
        Object.keys(counts).forEach(function (key) {
          var node = desk.querySelector('[data-count="' + key + '"]');
          if (node) { node.textContent = counts[key]; }
        });
      })
      .catch(function () { /* offline for a moment: the next tick retries */ });
  }
  setInterval(refresh, 5000);

  var form = desk.querySelector(".code-form");
  if (!form || !("BarcodeDetector" in window) || !navigator.mediaDevices) { return; }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "secondary";
  button.textContent = form.getAttribute("data-scan-label") || "📷";
  button.setAttribute("aria-label", "Scan QR");
  form.appendChild(button);
  var video = document.createElement("video");
  video.setAttribute("playsinline", "");
  video.className = "scanner";
  video.hidden = true;
  form.appendChild(video);

  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      var tick = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            stream.getTracks().forEach(function (t) { t.stop(); });
            form.querySelector("input[name=code]").value = codes[0].rawValue;
            form.submit();
          } else {
            requestAnimationFrame(tick);
          }
        }).catch(function () { requestAnimationFrame(tick); });
      };
      tick();
    }).catch(function () { video.hidden = true; });
  });
})();
