/*
 * A library's search: "只搜本篇" narrows the results to the speech of the page.
 *
 * Loaded (as one of Material's polyfills, before its bundle) only when the
 * site has more than one speech, on pages that name their speech in
 * <meta name="study-speech">. It wraps the Worker constructor so that each
 * query Material sends carries the chosen scope, and sends the last query
 * again when the reader changes it. Works with the file:// worker shim too
 * (iframe-worker.js is loaded before it).
 */
;(function () {
  "use strict"
  var meta = document.querySelector('meta[name="study-speech"]')
  if (!meta || typeof window.Worker !== "function") return
  var QUERY = 2
  var Base = window.Worker
  var narrowed = false
  var last = null
  var send = null

  function scoped(message) {
    return narrowed ? { type: QUERY, data: message.data, scope: meta.content } : message
  }

  window.Worker = function (url, options) {
    var worker = new Base(url, options)
    var post = worker.postMessage.bind(worker)
    worker.postMessage = function (message) {
      if (message && message.type === QUERY) {
        last = message
        message = scoped(message)
      }
      post(message)
    }
    send = post
    return worker
  }

  function toggle() {
    var result = document.querySelector(".md-search-result")
    if (!result || result.querySelector(".search-scope")) return
    var label = document.createElement("label")
    label.className = "search-scope"
    var box = document.createElement("input")
    box.type = "checkbox"
    label.appendChild(box)
    label.appendChild(document.createTextNode(" 只搜本篇：《" + (meta.getAttribute("data-title") || "") + "》"))
    box.addEventListener("change", function () {
      narrowed = box.checked
      if (send && last) send(scoped(last))
    })
    result.insertBefore(label, result.firstChild)
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", toggle)
  else toggle()
})()
