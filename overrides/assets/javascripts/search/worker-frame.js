/* Inside the file:// shim's frame (iframe-worker.js): give the worker script a worker's postMessage, then load it */
;(function () {
  "use strict"
  window.__searchWorkerFrame = true
  window.postMessage = function (data) {
    parent.postMessage(data, "*")
  }
  var script = document.createElement("script")
  script.src = new URLSearchParams(location.search).get("worker")
  script.onload = function () {
    parent.postMessage({ __frameReady: true }, "*")
  }
  document.head.appendChild(script)
})()
