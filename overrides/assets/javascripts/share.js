/*
 * 分享 / 复制链接 on each section (h2) and each point's heading (the bold sentence a point
 * starts with), not on other paragraphs with an anchor (学习自测's questions), a line ready for a
 * chat group, and the address bar following the section being read. Inlined
 * by overrides/main.html after page.js and reading.js, on the pages that have
 * sections (h2), the 全文打印版 excepted.
 */
;(function () {
  "use strict"

  var article = document.querySelector("article.md-content__inner")
  var title = document.querySelector(".md-header__topic .md-ellipsis") // the speech's title
  var sheet = navigator.share && matchMedia("(pointer: coarse)").matches
  var label = sheet ? "分享" : "复制链接"

  var timer
  var say = function (text) {
    var dialog = document.querySelector(".md-dialog")
    dialog.firstElementChild.setAttribute("role", "status")
    dialog.firstElementChild.textContent = text
    dialog.classList.add("md-dialog--active")
    clearTimeout(timer)
    timer = setTimeout(function () {
      dialog.classList.remove("md-dialog--active")
    }, 4000)
  }

  /* the clipboard, else the old way (plain http, older in-app browsers) */
  var copy = function (text) {
    return (navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject()).catch(function () {
      var back = document.activeElement
      var area = document.createElement("textarea")
      area.value = text
      area.readOnly = true
      area.className = "visually-hidden"
      document.body.appendChild(area)
      area.focus({ preventScroll: true })
      area.select()
      var done = document.execCommand("copy")
      area.remove()
      back.focus()
      if (!done) throw done
    })
  }

  /* the speech's title; on a page every speech shares opened from one of them (library.js: 返回《…》), the header
     names that speech, which the page's sections are not about (来源与说明 · 本站增加了什么 was shared under another
     speech's title): the page's own name then */
  var owner = function () {
    var h1 = article.querySelector(".speech-return") && article.querySelector("h1")
    return (h1 ? h1.firstChild.textContent : title.textContent).trim()
  }

  var share = function (el, name) {
    var url = new URL(location.href)
    url.search = "" // not the search highlight the reader arrived with
    url.hash = el.id
    var line = owner() + " · " + name
    if (sheet)
      return navigator.share({ title: name, text: line, url: url.href }).catch(function (err) {
        if (err.name !== "AbortError") copy(line + " " + url) // no sheet after all
      })
    copy(line + " " + url).then(
      function () {
        say("已复制本节链接，可以粘贴到微信群里。")
      },
      function () {
        say("没能自动复制，请长按选中后复制：" + line + " " + url)
      }
    )
  }

  var sections = article.querySelectorAll(":scope > h2[id]")
  article.querySelectorAll(":scope > h2[id], :scope > p[id]").forEach(function (el) {
    // the heading of a section (its h2 without the ¶) or of a numbered point (its bold first sentence)
    var lead = el.tagName === "P" && el.querySelector(":scope > strong:first-child")
    if (el.tagName === "P" && !(lead && el.firstChild === lead)) return // a paragraph, not a point's heading
    var name = (lead || el).textContent.replace("¶", "").trim()
    var button = document.createElement("button")
    button.className = "section-share"
    button.textContent = label
    button.setAttribute("aria-label", label + "：" + name)
    button.addEventListener("click", function () {
      share(el, name)
    })
    if (lead) {
      lead.after(button)
      el.classList.add("has-share") // share.css: not justified, so no line is spread where the button wraps
    } else el.insertBefore(button, el.querySelector(".headerlink"))
  })

  /* the address bar names the section at the middle of the window, so copying it works too */
  var follow
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
      if (url.href !== location.href) history.replaceState(history.state, "", url)
    }, 250)
  })
})()
