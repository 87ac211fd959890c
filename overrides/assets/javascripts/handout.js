/*
 * Handouts, inlined into every page by overrides/main.html (its hash goes into
 * the Content-Security-Policy; listeners only, never inline handlers):
 *  - 学习会抬头: the branch, meeting and date a reader types are printed above
 *    the title. They stay in this browser's localStorage and nowhere else:
 *    there is no form to submit and nothing is fetched or sent;
 *  - old engines: a browser that cannot print CSS page-margin boxes (Chromium
 *    before 131, Firefox, Safari) prints no page numbers and may add its own
 *    URL and date; next to 打印本节 it is told to use the PDF or Word file.
 */
;(function () {
  "use strict"

  var KEY = "speech-study:meeting"
  var FIELDS = ["branch", "meeting", "date"]

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(KEY) || "{}")
      return saved && typeof saved === "object" ? saved : {}
    } catch {
      return {} // storage refused (private mode, file:// in some browsers): the fields still work for this page
    }
  }

  function save(values) {
    try {
      var empty = FIELDS.every(function (f) {
        return !values[f]
      })
      if (empty) window.localStorage.removeItem(KEY)
      else window.localStorage.setItem(KEY, JSON.stringify(values))
    } catch {
      /* nothing kept: the line is still printed from the fields */
    }
  }

  /* a space between Chinese and Latin letters, none between Chinese and digits (rule T1) */
  function join(a, b) {
    if (!a || !b) return a + b
    var edge = a.slice(-1) + b.charAt(0)
    return /[\u3400-\u9fff][A-Za-z]|[A-Za-z][\u3400-\u9fff]/.test(edge) ? a + " " + b : a + b
  }

  /* 2026-12-05 -> 2026年12月5日, as official documents write a date */
  function day(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "")
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : value || ""
  }

  function line(values) {
    var name = join((values.branch || "").trim(), (values.meeting || "").trim())
    var date = day((values.date || "").trim())
    if (!name && !date) return ""
    if (!/材料$/.test(name)) name = join(name, "学习材料")
    return date ? name + "（" + date + "）" : name
  }

  function meetingHeader() {
    var box = document.querySelector("[data-meeting]")
    var target = document.querySelector("[data-meeting-line]")
    if (!box || !target) return
    var values = load()
    var inputs = box.querySelectorAll("[data-meeting-field]")

    function show() {
      var text = line(values)
      target.textContent = text
      target.hidden = !text
    }

    inputs.forEach(function (input) {
      var field = input.getAttribute("data-meeting-field")
      if (typeof values[field] === "string") input.value = values[field]
      input.addEventListener("input", function () {
        values[field] = input.value
        save(values)
        show()
      })
    })
    if (line(values)) box.open = true
    show()
  }

  /* Page-margin boxes (@bottom-right …) are what prints the page numbers. An engine that
     supports them has CSSMarginRule and keeps the boxes inside the site's @page rules. */
  function printsMarginBoxes() {
    if (typeof window.CSSMarginRule === "undefined" || typeof window.CSSPageRule === "undefined") return false
    var sheets = document.styleSheets
    for (var i = 0; i < sheets.length; i++) {
      var rules
      try {
        rules = sheets[i].cssRules
      } catch {
        continue
      }
      for (var j = 0; j < rules.length; j++) {
        var rule = rules[j]
        if (rule instanceof window.CSSPageRule && rule.cssRules) {
          for (var k = 0; k < rule.cssRules.length; k++)
            if (rule.cssRules[k] instanceof window.CSSMarginRule) return true
        }
      }
    }
    return false
  }

  function oldEngineHint() {
    var hint = document.querySelector("[data-print-hint]")
    if (hint && !printsMarginBoxes()) hint.hidden = false
  }

  meetingHeader()
  oldEngineHint()
})()
