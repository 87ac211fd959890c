/*
 * Reading aids, inlined into every page after page.js (overrides/main.html):
 *  - 字号: the header's 标准 / 大 / 特大 choice, stored in this browser.
 */
;(function () {
  "use strict"

  var root = document.documentElement

  /* --- 字号 --- */

  var control = document.querySelector("[data-fontsize]")
  if (control) {
    var toggle = control.querySelector("button")
    var current = root.getAttribute("data-fontsize") || "0"
    control.querySelector("input[value='" + current + "']").checked = true

    var open = function (yes) {
      control.classList.toggle("fontsize--open", yes)
      toggle.setAttribute("aria-expanded", String(yes))
    }

    /* the block at the top of the window stays there when the text grows or shrinks */
    var topBlock = function () {
      var article = document.querySelector("article.md-content__inner")
      var header = document.querySelector(".md-header")
      var line = header ? header.getBoundingClientRect().bottom : 0
      if (!article) return null
      for (var el = article.firstElementChild; el; el = el.nextElementSibling)
        if (el.getBoundingClientRect().bottom > line) return el
      return null
    }

    var apply = function (value) {
      var block = scrollY > 0 ? topBlock() : null
      var before = block && block.getBoundingClientRect().top
      if (value === "0") root.removeAttribute("data-fontsize")
      else root.setAttribute("data-fontsize", value)
      try {
        __md_set("__fontsize", value)
      } catch (err) {
        // storage refused (private mode): the size holds for this page only
      }
      if (block) scrollBy(0, block.getBoundingClientRect().top - before)
    }

    toggle.addEventListener("click", function () {
      var yes = toggle.getAttribute("aria-expanded") !== "true"
      open(yes)
      if (yes) control.querySelector("input:checked").focus()
    })
    control.addEventListener("change", function (ev) {
      if (ev.target.name === "__fontsize") apply(ev.target.value)
    })
    control.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && control.classList.contains("fontsize--open")) {
        open(false)
        toggle.focus()
      }
    })
    document.addEventListener("click", function (ev) {
      if (!control.contains(ev.target)) open(false)
    })
  }
})()
