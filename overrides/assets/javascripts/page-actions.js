/* 打印本节: the print button. A listener, not an inline onclick, so a strict CSP holds. */
;(function () {
  "use strict"
  document.addEventListener("click", function (ev) {
    if (ev.target instanceof Element && ev.target.closest("[data-print]")) window.print()
  })
})()
