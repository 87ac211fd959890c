/*
 * file:// shim for Material's search worker, used only by the offline build
 * (OFFLINE=true: mkdocs.yml, src/speech_study/adapters/mkdocs_plugin.py).
 *
 * Opened from a folder, Chromium and Edge will not start a Web Worker from a
 * local file. Material's offline plugin fetches a shim for this from a CDN;
 * this is the project's own instead, so that nothing is ever fetched from
 * outside: the worker script runs in a hidden frame (worker-frame.htm) and
 * messages cross with postMessage. Unlike the CDN shim it writes no inline
 * script into the frame, so the Content-Security-Policy stays strict.
 */
;(function () {
  "use strict"
  if (location.protocol !== "file:") return
  var here = document.currentScript.src
  // .htm, not .html: MkDocs would take an .html file in the theme for a template

  class FrameWorker extends EventTarget {
    constructor(url) {
      super()
      this.onmessage = null
      this.queue = []
      var frame = document.createElement("iframe")
      frame.hidden = true
      frame.title = "搜索"
      var page = new URL("worker-frame.htm", here)
      page.searchParams.set("worker", new URL(url, location.href).href)
      frame.src = page.href
      this.frame = frame
      var self = this
      this.listener = function (ev) {
        if (ev.source !== frame.contentWindow) return
        if (ev.data && ev.data.__frameReady) {
          var queued = self.queue
          self.queue = null
          queued.forEach(function (data) {
            frame.contentWindow.postMessage(data, "*")
          })
          return
        }
        var message = new MessageEvent("message", { data: ev.data })
        self.dispatchEvent(message)
        if (self.onmessage) self.onmessage(message)
      }
      window.addEventListener("message", this.listener)
      ;(document.body || document.documentElement).appendChild(frame)
    }

    postMessage(data) {
      if (this.queue) this.queue.push(data)
      else this.frame.contentWindow.postMessage(data, "*")
    }

    terminate() {
      window.removeEventListener("message", this.listener)
      this.frame.remove()
    }
  }

  window.Worker = FrameWorker
})()
