/*
 * Reading aids, inlined into every page after page.js (overrides/main.html):
 *  - 字号: the header's 标准 / 大 / 特大 choice, stored in this browser;
 *  - 分享 / 复制链接 on each section (h2) and numbered point, a line ready for
 *    a chat group; the address bar follows the section being read.
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

  /* --- A link for the group: 分享 (a phone's share sheet) or 复制链接 --- */

  var article = document.querySelector("article.md-content__inner")
  var sections = []
  var title = document.querySelector(".md-header__topic .md-ellipsis")
  title = title ? title.textContent.trim() : ""
  var sheet = navigator.share && matchMedia("(pointer: coarse)").matches
  var label = sheet ? "分享" : "复制链接"

  var timer
  var say = function (text) {
    var dialog = document.querySelector(".md-dialog")
    var inner = dialog.firstElementChild
    inner.setAttribute("role", "status")
    inner.textContent = text
    dialog.classList.add("md-dialog--active")
    clearTimeout(timer)
    timer = setTimeout(function () {
      dialog.classList.remove("md-dialog--active")
    }, 4000)
  }

  /* navigator.clipboard, else the old way (WeChat's browser, plain http) */
  var copy = function (text) {
    var area = document.createElement("textarea")
    area.value = text
    area.className = "visually-hidden"
    document.body.appendChild(area)
    area.select()
    var done = document.execCommand("copy")
    area.remove()
    return done ? Promise.resolve() : Promise.reject()
  }

  var share = function (el, name) {
    var url = new URL(location.href)
    url.search = "" // not the search highlight the reader arrived with
    url.hash = el.id
    var line = title + " · " + name
    var copied = function () {
      ;(navigator.clipboard ? navigator.clipboard.writeText(line + " " + url) : Promise.reject())
        .catch(function () {
          return copy(line + " " + url)
        })
        .then(
          function () {
            say("已复制本节链接，可以粘贴到微信群里。")
          },
          function () {
            say("没能自动复制，请长按选中后复制：" + line + " " + url)
          }
        )
    }
    if (!sheet) return copied()
    navigator.share({ title: name, text: line, url: url.href }).catch(function (err) {
      if (err.name !== "AbortError") copied() // the sheet is not offered after all
    })
  }

  if (article && !document.querySelector(".print-title--page")) {
    sections = article.querySelectorAll(":scope > h2[id]")
    article.querySelectorAll(":scope > h2[id], :scope > p[id]").forEach(function (el) {
      // the heading of a section (its h2 without the ¶) or of a numbered point (its bold first sentence)
      var lead = el.tagName === "P" && el.querySelector(":scope > strong:first-child")
      var name = (lead || el).textContent.replace("¶", "").trim()
      var button = document.createElement("button")
      button.className = "section-share"
      button.textContent = label
      button.setAttribute("aria-label", label + "：" + name)
      button.addEventListener("click", function () {
        share(el, name)
      })
      lead ? lead.after(button) : el.insertBefore(button, el.querySelector(".headerlink"))
    })
  }

  /* the address bar names the section at the middle of the window, so copying it works too */
  var follow
  if (sections.length)
    addEventListener("scroll", function () {
      clearTimeout(follow)
      follow = setTimeout(function () {
        var url = new URL(location.href)
        var named = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)))
        var box = named && named.getBoundingClientRect()
        if (box && box.bottom > 0 && box.top < innerHeight) return // the place the link named is still in view
        url.hash = ""
        sections.forEach(function (h) {
          if (h.getBoundingClientRect().top <= innerHeight / 2) url.hash = h.id
        })
        if (url.href !== location.href) history.replaceState(history.state, "", url.href)
      }, 250)
    })
})()
