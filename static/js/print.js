/* "Print" buttons (data-print): shown and wired only with JavaScript, since the page's
   Content-Security-Policy allows no inline onclick. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
