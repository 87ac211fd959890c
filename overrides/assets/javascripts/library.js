/*
 * A library's search, on the page: "只搜本篇" narrows the results to the
 * speech of the page, and the list is marked while more results are loading.
 *
 * Loaded (as one of Material's polyfills, before its bundle) only when the
 * site has more than one speech. It wraps the Worker constructor: each query
 * Material sends carries the chosen scope (on pages that name their speech in
 * <meta name="study-speech">), the last query is sent again when the reader
 * changes it, and an answer with `more` (the first results, the rest still
 * loading) sets data-search-more on the result list until the full answer
 * comes; one with `capped` (more sections may hold the phrase than are
 * listed) sets data-search-capped (library.css words both). Its listener is
 * added before Material's, so the mark is right when Material draws the
 * answer. Works with the file:// worker shim too (iframe-worker.js is loaded
 * before it).
 */
;(function () {
  "use strict"
  if (typeof window.Worker !== "function") return
  var meta = document.querySelector('meta[name="study-speech"]')
  var QUERY = 2
  var RESULT = 3
  var Base = window.Worker
  var narrowed = false
  var terms = null
  try {
    terms = meta ? JSON.parse(meta.getAttribute("data-terms") || "null") : null
  } catch {
    terms = null
  }
  if (!Array.isArray(terms)) terms = null
  var last = null
  var send = null

  /* every query names the speech being read (its results first, all of them); 只搜本篇 narrows
     to it; 显示更多 asks the same query again for more results (`limit`) */
  function scoped(message, limit) {
    var out = { type: QUERY, data: message.data }
    if (meta) out.current = meta.content
    if (meta && terms) out.terms = terms // the box suggests this speech's glossary terms only
    if (narrowed && meta) out.scope = meta.content
    if (limit) out.limit = limit
    return out
  }

  function mark(name, on) {
    var result = document.querySelector(".md-search-result")
    if (!result) return
    if (on) result.setAttribute(name, "")
    else result.removeAttribute(name)
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
    worker.addEventListener("message", function (ev) {
      if (!ev.data || ev.data.type !== RESULT) return
      var data = ev.data.data || {}
      mark("data-search-more", !!data.more)
      mark("data-search-capped", !!data.capped)
      if (!data.more) {
        showCounts(data.counts)
        showMore(data.capped && data.limit)
      }
    })
    send = post
    return worker
  }

  /* Per speech, how many sections hold the phrase: a reader sees where it occurs and how often */
  function showCounts(counts) {
    var result = document.querySelector(".md-search-result")
    if (!result) return
    var line = result.querySelector(".search-counts")
    if (!Array.isArray(counts) || counts.length < 1) {
      if (line) line.remove()
      return
    }
    if (!line) {
      line = document.createElement("p")
      line.className = "search-counts"
      var list = result.querySelector(".md-search-result__list")
      result.insertBefore(line, list || null)
    }
    line.textContent =
      "出现在：" +
      counts
        .map(function (c) {
          var n = Number(c.count) || 0
          var maybe = Number(c.maybe) || 0
          var where = c.title ? String(c.title) : "术语表和其他页面" // in 书名号 as the index writes it
          return where + (maybe ? n + "～" + (n + maybe) : n) + "处"
        })
        .join("，")
  }

  /* 显示更多: the same query again with a higher limit; sections already loaded are not loaded again */
  function showMore(limit) {
    var result = document.querySelector(".md-search-result")
    if (!result) return
    var button = result.querySelector(".search-more")
    if (!limit) {
      if (button) button.remove()
      return
    }
    if (!button) {
      button = document.createElement("button")
      button.type = "button"
      button.className = "search-more"
      button.textContent = "显示更多"
      button.addEventListener("click", function () {
        var wanted = Number(button.getAttribute("data-limit"))
        if (send && last && wanted) send(scoped(last, wanted))
      })
      result.appendChild(button)
    }
    button.setAttribute("data-limit", String(limit))
  }

  function toggle() {
    var result = document.querySelector(".md-search-result")
    if (!meta || !result || result.querySelector(".search-scope")) return
    var label = document.createElement("label")
    label.className = "search-scope"
    var box = document.createElement("input")
    box.type = "checkbox"
    label.appendChild(box)
    label.appendChild(document.createTextNode(" 只搜本篇：" + (meta.getAttribute("data-book") || "")))
    box.addEventListener("change", function () {
      narrowed = box.checked
      if (send && last) send(scoped(last))
    })
    result.insertBefore(label, result.firstChild)
  }

  /* A reader stays in the speech they opened: each speech page remembers itself for this tab;
     a shared page (术语表, 来源与说明, 文库, which name no speech) then carries that speech's
     name in the header and a 返回《…》 link back to the page the reader came from. */
  var KEY = "study-speech-from"

  function absolute(href) {
    try {
      return new URL(href, window.location.href).href
    } catch {
      return null
    }
  }

  /* the speech's own navigation ([name, address] from this page) and print version, as addresses */
  function ownNav() {
    var nav
    try {
      nav = JSON.parse(meta.getAttribute("data-nav") || "[]")
    } catch {
      nav = []
    }
    if (!Array.isArray(nav)) return []
    return nav
      .filter(function (item) {
        return Array.isArray(item) && typeof item[0] === "string" && typeof item[1] === "string"
      })
      .map(function (item) {
        return [item[0], absolute(item[1])]
      })
      .filter(function (item) {
        return item[1] !== null
      })
  }

  function remember() {
    var print = meta.getAttribute("data-print")
    try {
      window.sessionStorage.setItem(
        KEY,
        JSON.stringify({
          title: meta.getAttribute("data-title") || "",
          book: meta.getAttribute("data-book") || "",
          notice: meta.getAttribute("data-notice") || "",
          url: window.location.href.split("#")[0],
          speech: meta.getAttribute("content") || "",
          nav: ownNav(),
          print: print ? absolute(print) : null,
        })
      )
    } catch {
      /* storage refused (private mode): the shared pages keep the site's name */
    }
  }

  function cameFrom() {
    var from
    try {
      from = JSON.parse(window.sessionStorage.getItem(KEY) || "null")
    } catch {
      return null
    }
    if (!from || typeof from.title !== "string" || typeof from.url !== "string" || !from.title) return null
    var url
    try {
      url = new URL(from.url, window.location.href)
    } catch {
      return null
    }
    // only a page of this site (same origin; from a folder on disk, a file)
    if (url.protocol !== window.location.protocol || url.host !== window.location.host) return null
    var same = function (href) {
      var to = typeof href === "string" ? absolute(href) : null
      return to !== null && new URL(to).protocol === url.protocol && new URL(to).host === url.host ? to : null
    }
    var nav = (Array.isArray(from.nav) ? from.nav : [])
      .map(function (item) {
        return Array.isArray(item) && typeof item[0] === "string" ? [item[0], same(item[1])] : [null, null]
      })
      .filter(function (item) {
        return item[0] && item[1]
      })
    var book = typeof from.book === "string" && from.book ? from.book : from.title // the title in 书名号
    var notice = typeof from.notice === "string" ? from.notice : null // "": that speech came without one
    return {
      title: from.title,
      book: book,
      notice: notice,
      url: url.href,
      speech: from.speech,
      nav: nav,
      print: same(from.print)
    }
  }

  /* a shared page lists the first speech's pages in its menu and prints the first speech's whole text:
     opened from another speech, it lists and prints that one's (the build marks the first speech's) */
  function ownSpeech(from) {
    if (!from.speech || from.speech === "main" || !from.nav.length) return
    var links = Array.prototype.slice.call(document.querySelectorAll(".md-sidebar--primary a[data-speech-nav]"))
    var items = links.map(function (a) {
      return a.closest("li")
    })
    var first = items[0]
    if (first) {
      from.nav.forEach(function (entry) {
        var li = first.cloneNode(true)
        var a = li.querySelector("a")
        a.removeAttribute("data-speech-nav")
        a.href = entry[1]
        var name = a.querySelector(".md-ellipsis") || a
        name.textContent = entry[0]
        first.parentNode.insertBefore(li, first)
      })
      items.forEach(function (li) {
        if (li && li.parentNode) li.parentNode.removeChild(li)
      })
    }
    if (from.print) {
      document.querySelectorAll("a[data-speech-print]").forEach(function (a) {
        a.href = from.print
      })
    }
  }

  function wayBack() {
    var from = cameFrom()
    var article = document.querySelector("article.md-content__inner")
    if (!from || !article || article.querySelector(".speech-return")) return
    var line = document.createElement("p")
    line.className = "speech-return"
    var back = document.createElement("a")
    back.href = from.url
    back.textContent = "返回" + from.book
    line.appendChild(back)
    article.insertBefore(line, article.firstChild)
    var topic = document.querySelector(".md-header__topic:not([data-md-component]) .md-ellipsis")
    if (topic) topic.textContent = from.title
    // under that speech's name, that speech's notice (as on its own pages), or none when it came without one
    var notice = article.querySelector(".speech-notice")
    if (notice && from.notice !== null) {
      if (from.notice) notice.textContent = from.notice
      else notice.parentNode.removeChild(notice)
    }
    // the phone menu's title, beside the logo: the speech's name as well
    var drawer = document.querySelector('label.md-nav__title[for="__drawer"]')
    var named = false
    Array.prototype.forEach.call(drawer ? drawer.childNodes : [], function (node) {
      if (node.nodeType !== 3 || !node.nodeValue.trim()) return
      node.nodeValue = named ? "" : from.title
      named = true
    })
    ownSpeech(from)
  }

  function ready() {
    toggle()
    if (meta) remember()
    else wayBack()
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready)
  else ready()
})()
