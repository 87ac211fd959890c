/*
 * Reading aids, inlined into every page after page.js (overrides/main.html):
 *  - 字号: the header's 标准 / 大 / 特大 choice, stored in this browser;
 *  - in WeChat's own browser, which can neither print nor download, a hint to
 *    open the page in the phone's browser first;
 *  - 朗读本节 (the page, paragraph by paragraph), only where a Chinese voice
 *    runs on the device itself;
 *  - a term's explanation (Material's tooltip) always whole on the screen.
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
        window.__md_set("__fontsize", value)
      } catch {
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
    /* a tap or click on a choice closes the menu (the arrow keys, clicking no label, leave it open) */
    control.addEventListener("click", function (ev) {
      if (ev.target.closest(".fontsize__choice") && ev.detail) open(false)
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

  /* --- A linked place opens below the header, however tall 字号 and a long title make it (Material leaves
     3.6rem; at 320 px 特大 the header is 142 px): reading.css takes the header's height from --header-h --- */
  var header = document.querySelector(".md-header")
  if (header) {
    var topics = header.querySelectorAll(".md-header__topic .md-ellipsis")
    var markHeader = function () {
      /* at 标准, a name that takes more than two lines beside the buttons (a long title on a 320-px phone: the
         speech's, or the page's shown once its title scrolls away) gets a row of its own, as at 大 and 特大 */
      if (!root.hasAttribute("data-fontsize")) {
        root.classList.remove("header-long")
        Array.prototype.forEach.call(topics, function (topic) {
          if (topic.offsetHeight > 2.5 * parseFloat(getComputedStyle(topic).lineHeight))
            root.classList.add("header-long")
        })
      }
      root.style.setProperty("--header-h", header.offsetHeight + "px")
      /* the place a link opened, put under a header that grew after (library.js names the speech read before),
         until the reader moves */
      var target = !moved && document.querySelector(":target")
      var top = target && target.getBoundingClientRect().top
      if (target && top < header.offsetHeight && top > -target.offsetHeight) target.scrollIntoView()
    }
    var moved = false
    ;["wheel", "touchmove", "keydown", "mousedown"].forEach(function (type) {
      addEventListener(type, function () {
        moved = true
      }, { once: true, passive: true })
    })
    markHeader()
    if (window.ResizeObserver) new ResizeObserver(markHeader).observe(header)
  }

  /* --- A term's explanation whole on the screen ---
     Material opens it under the term, also at the bottom of the window, where it is then cut off (at
     320 px 特大 only 17 px of it showed). When one opens, the page moves just enough for all of it,
     and the term, to be seen between the header and the bottom of the window. */

  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      var tip = change.target
      if (/md-tooltip2--active/.test(tip.className) && !/md-tooltip2--active/.test(change.oldValue))
        // after Material has placed it, and its 0.4 s slide has ended
        setTimeout(function () {
          var r = tip.firstElementChild.getBoundingClientRect()
          var top = r.top - document.querySelector(".md-header").getBoundingClientRect().bottom - 8
          if (r.height) scrollBy(0, Math.min(Math.max(r.bottom - innerHeight + 8, 0), top))
        }, 450)
    })
  }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["class"], attributeOldValue: true })

  /* --- WeChat's own browser (its user agent says MicroMessenger) --- */

  if (/MicroMessenger/i.test(navigator.userAgent))
    document.querySelectorAll(".page-actions").forEach(function (bar) {
      var hint = document.createElement("p")
      hint.className = "wechat-hint"
      hint.id = "wechat-hint"
      hint.textContent = "微信里不能打印或下载：请点右上角的三个点，选择用浏览器打开，再打印或下载。"
      bar.appendChild(hint)
      bar.querySelectorAll("[data-print],[download]").forEach(function (el) {
        el.setAttribute("aria-describedby", hint.id)
      })
    })

  /* --- 朗读本节: only with a Chinese voice on this device (localService), so the text never leaves it --- */

  var article = document.querySelector("article.md-content__inner")
  var synth = window.speechSynthesis
  var bar = document.querySelector(".page-tools") // beside 打印与下载, not folded inside it
  var voice = function () {
    return synth.getVoices().filter(function (v) {
      return v.localService && /^(zh|cmn)/i.test(v.lang)
    })[0]
  }

  /* 本节 is the page, as for 打印本节: each heading, paragraph, list, table or 结构导图 node the reader sees, however
     deep (a glossary entry's, an outline block's), the outermost where one holds another; not what the site adds
     (share.js's buttons), the notice, the 校注, an answer not opened, nor what only paper shows (no box on screen) */
  var BLOCK = "h1,h2,h3,h4,p,ul,ol,dl,table,text"
  var blocks = function () {
    return [].filter.call(article.querySelectorAll(BLOCK), function (el) {
      return (
        el.getClientRects().length &&
        !el.parentNode.closest(BLOCK) &&
        !el.closest(".section-share,.speech-notice,.footnote,.site-added,details:not([open])")
      )
    })
  }

  var offer = function () {
    if (!voice() || bar.querySelector(".read-aloud")) return
    var button = document.createElement("button")
    button.type = "button"
    button.className = "md-button read-aloud"
    bar.after(button)
    var queue = []
    var at
    var stop = function (on) {
      if (at) at.classList.remove("reading-aloud")
      at = on
      synth.cancel()
      queue = on ? queue : []
      button.textContent = on ? "停止朗读" : "朗读本节"
      button.classList.toggle("read-aloud--on", !!on) // 停止朗读 stays at hand while the page scrolls
    }
    var next = function () {
      stop(queue.shift())
      if (!at) return
      at.classList.add("reading-aloud") // the paragraph being read, marked and kept in view
      at.scrollIntoView({ block: "center" })
      var copy = at.cloneNode(true)
      copy.querySelectorAll(".headerlink,.section-share,sup,.print-only").forEach(function (x) {
        x.remove()
      })
      var words = new SpeechSynthesisUtterance(copy.textContent)
      words.voice = voice()
      words.lang = words.voice.lang
      words.onend = function () {
        if (at) next()
      }
      synth.speak(words)
    }
    stop()
    button.addEventListener("click", function () {
      if (at) return stop()
      queue = blocks()
      next()
    })
    addEventListener("pagehide", function () {
      stop()
    })
  }

  if (synth && bar && article) {
    offer()
    synth.addEventListener("voiceschanged", offer)
  }
})()
