/*
 * The page's own behaviour, inlined into every page by overrides/main.html
 * (its hash goes into the Content-Security-Policy):
 *  - 打印本节: the print button (a listener, never an inline onclick);
 *  - search landing: highlight the phrase a result led to, as a whole;
 *  - nothing found: suggest the closest glossary terms;
 *  - search on any input: pasted, dropped, spoken or IME-composed text.
 * The search code (search/search.js) is loaded only when one of the last two
 * needs it, so a first visit costs no extra request. Another engine's search
 * (Zensical keeps its own: README, 引擎) gets neither: its worker is no SearchCore.
 */
;(function () {
  "use strict"

  var config = JSON.parse(document.getElementById("__config").textContent)
  var loading = null

  /* SearchCore from search/search.js, which is also Material's search worker */
  function searchCore() {
    if (window.SearchCore) return Promise.resolve(window.SearchCore)
    if (!loading)
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script")
        script.src = new URL(config.search, location.href).href
        script.onload = function () {
          resolve(window.SearchCore)
        }
        script.onerror = reject
        document.head.appendChild(script)
      })
    return loading
  }

  /* --- 打印本节 --- */

  document.addEventListener("click", function (ev) {
    if (ev.target instanceof Element && ev.target.closest("[data-print]")) window.print()
  })

  /* --- Landing: mark the phrase from ?h= as a whole, across element borders --- */

  function textNodes(root) {
    var nodes = []
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement
        if (!parent || parent.closest(".headerlink,.section-share,.speech-notice,.footnote,[id^='fnref:'],script,style")) return NodeFilter.FILTER_REJECT
        return NodeFilter.FILTER_ACCEPT
      }
    })
    for (var node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node)
    return nodes
  }

  function highlight(SearchCore, root, phrase) {
    var needle = SearchCore.normalize(phrase).text
    if (!needle) return []
    var nodes = textNodes(root)
    // normalised text of the whole article, and for each character its node and offset
    var text = ""
    var owners = []
    nodes.forEach(function (node, n) {
      var norm = SearchCore.normalize(node.data)
      text += norm.text
      for (var k = 0; k < norm.text.length; k++) {
        var start = norm.map[k]
        var own = start + (node.data.codePointAt(start) > 0xffff ? 2 : 1)
        owners.push([n, start, own])
      }
    })
    // ranges per node, collected before the DOM changes: from a match's first character to its last, with what
    // normalising dropped between them (punctuation, ％), across nodes (a term, a run of digits is an element)
    var cuts = new Map()
    for (var at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
      var from = owners[at]
      var to = owners[at + needle.length - 1]
      for (var m = from[0]; m <= to[0]; m++)
        if (m === from[0] || m === to[0] || nodes[m].data.trim()) {
          if (!cuts.has(m)) cuts.set(m, [])
          cuts.get(m).push([m === from[0] ? from[1] : 0, m === to[0] ? to[2] : nodes[m].data.length])
        }
    }
    var marks = []
    cuts.forEach(function (ranges, n) {
      var node = nodes[n]
      if (node.parentElement.closest("mark")) {
        marks.push(node.parentElement.closest("mark"))
        return
      }
      // wrap from the end so earlier offsets stay valid
      for (var r = ranges.length - 1; r >= 0; r--) {
        var piece = node.splitText(ranges[r][0])
        piece.splitText(ranges[r][1] - ranges[r][0])
        var mark = document.createElement("mark")
        mark.setAttribute("data-md-highlight", "")
        piece.parentNode.replaceChild(mark, piece)
        mark.appendChild(piece)
        marks.unshift(mark)
      }
    })
    marks.sort(function (a, b) {
      return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1
    })
    return marks
  }

  function firstMarkInSection(marks, heading) {
    if (!heading) return marks[0]
    for (var i = 0; i < marks.length; i++)
      if (heading.compareDocumentPosition(marks[i]) & Node.DOCUMENT_POSITION_FOLLOWING) return marks[i]
    return marks[0]
  }

  function land() {
    var params = new URLSearchParams(location.search)
    var phrase = params.get("h")
    var article = document.querySelector("article.md-content__inner")
    if (!phrase || !article) return
    searchCore().then(function (SearchCore) {
      var marks = highlight(SearchCore, article, phrase)
      if (!marks.length) return
      var heading = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null
      var target = firstMarkInSection(marks, heading)
      var show = function () {
        target.scrollIntoView({ block: "center" })
      }
      target.classList.add("search-landing")
      show()
      // WebKit scrolls back to the section's heading at the load event: land again after it
      addEventListener("load", function () {
        setTimeout(show)
      })
      // and 回到页面顶部 stays out of the way until the reader scrolls
      document.documentElement.classList.add("search-landed")
      ;["wheel", "touchmove", "keydown"].forEach(function (type) {
        addEventListener(type, function () {
          document.documentElement.classList.remove("search-landed")
        })
      })
    })
  }

  /* --- Nothing found: offer the closest glossary terms --- */

  /* The glossary's entries, from the search index: Material has loaded it by the time anyone searches */
  var base = new URL(config.base.replace(/\/?$/, "/"), location.href)
  var terms = null

  function glossaryTerms() {
    if (!terms) {
      var index = window.__index
        ? Promise.resolve(window.__index) // the offline build's search/search_index.js
        : fetch(new URL("search/search_index.json", base)).then(function (r) {
            return r.json()
          })
      // in a library, on a speech's page: only the terms of that speech (library_frame writes them)
      var own = null
      var speech = document.querySelector('meta[name="study-speech"][data-terms]')
      try {
        own = speech ? JSON.parse(speech.getAttribute("data-terms")) : null
      } catch {
        own = null
      }
      terms = index.then(function (data) {
        return data.docs
          .filter(function (doc) {
            return (
              doc.kind === "glossary" &&
              doc.location.indexOf("#") >= 0 &&
              (!Array.isArray(own) || own.indexOf(doc.title) >= 0)
            )
          })
          .map(function (doc) {
            return { term: doc.title, href: new URL(doc.location, base).href }
          })
      })
    }
    return terms
  }

  function suggestWhenEmpty() {
    var meta = document.querySelector(".md-search-result__meta")
    var list = document.querySelector(".md-search-result__list")
    var input = document.querySelector("input.md-search__input")
    if (!meta || !list || !input) return
    var none = config.translations["search.result.none"]

    function render(SearchCore, glossary, query) {
      if (input.value !== query || meta.textContent !== none || list.querySelector(".search-closest")) return
      var item = document.createElement("li")
      item.className = "search-closest"
      var lead = document.createElement("p")
      lead.textContent = "请换一个说法，或少输入几个字。"
      item.appendChild(lead)
      var found = SearchCore.closest(glossary, query, 5)
      if (found.length) {
        var p = document.createElement("p")
        p.appendChild(document.createTextNode("相近的术语："))
        found.forEach(function (t, i) {
          if (i) p.appendChild(document.createTextNode("、"))
          var a = document.createElement("a")
          a.href = t.href
          a.textContent = t.term
          p.appendChild(a)
        })
        item.appendChild(p)
      }
      list.appendChild(item)
    }

    /* only part of the query found (a typo): say which part is missing from every result listed. Each
       result says what it lacks (Material's 缺少 under it, from the search's terms); the line above
       them names what they all lack, so the two agree: what it names is in each result's list too */
    new MutationObserver(function () {
      var items = list.querySelectorAll("[data-md-score]")
      if (!items.length || items[0].getAttribute("data-md-score") > 100 || meta.querySelector("del")) return
      var missing = null
      list.querySelectorAll(":scope > li").forEach(function (item) {
        var own = Array.from(item.querySelectorAll("del"), function (d) {
          return d.textContent
        })
        missing = (missing || own).filter(function (part) {
          return own.indexOf(part) >= 0
        })
      })
      if (!(missing || []).length) return
      meta.textContent = "没有完全符合的段落，以下" + list.children.length + "个段落含有其中一部分，缺少："
      missing.forEach(function (part, i) {
        if (i) meta.appendChild(document.createTextNode("、"))
        meta.appendChild(document.createElement("del")).textContent = part
      })
    }).observe(list, { childList: true })

    new MutationObserver(function () {
      var old = list.querySelector(".search-closest")
      if (old) old.remove()
      var query = input.value
      if (meta.textContent !== none || !query.trim()) return
      Promise.all([searchCore(), glossaryTerms()]).then(function (loaded) {
        render(loaded[0], loaded[1], query)
      })
    }).observe(meta, { childList: true, characterData: true, subtree: true })
  }

  /* --- Search on any input ---
     Material searches on keyup. Text that arrives without a key (pasted from the
     context menu, dropped, spoken, committed by some IMEs) gets a keyup of its
     own; the pinyin letters of an IME composition are not searched for, the
     text is when the composition ends. */

  function searchOnAnyInput() {
    var box = document.querySelector("[data-md-component=search-query]")
    if (!box) return
    var composing = false
    var search = function () {
      box.dispatchEvent(new KeyboardEvent("keyup"))
    }
    box.addEventListener("compositionstart", function () {
      composing = true
    })
    box.addEventListener("compositionend", function () {
      composing = false
      search()
    })
    box.addEventListener("blur", function () {
      composing = false
    })
    box.addEventListener("input", function (ev) {
      if (!composing && !ev.isComposing) search()
    })
    addEventListener(
      "keyup",
      function (ev) {
        if (ev.target === box && (composing || ev.isComposing)) ev.stopPropagation()
      },
      true
    )
  }

  if (/(^|\/)search\/search\.js$/.test(config.search)) {
    land()
    suggestWhenEmpty()
    searchOnAnyInput()
  }
})()
