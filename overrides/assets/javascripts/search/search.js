/*
 * Search: exact-phrase search over normalised Chinese text, and the search
 * worker that serves it to Material for MkDocs' search box.
 *
 * One classic script (ES modules cannot be loaded from file://, and the site
 * must work from a folder on a USB stick) in two roles:
 *  - as Material's search worker (mkdocs.yml → overrides/main.html), it speaks
 *    Material's worker protocol: SETUP 0 -> READY 1, QUERY 2 -> RESULT 3;
 *  - loaded into a page (by page.js, only when needed), it just defines
 *    SearchCore, for highlighting the phrase a result led to;
 *  - required by Node (tests/js/, node --test), it exports SearchCore and
 *    starts no worker. Browsers have no `module`, so this changes nothing there.
 *
 * Normalising: NFKC (full-width to half-width, so 100％ finds 100%), lower
 * case, and only letters and digits kept — whitespace and punctuation
 * (、，。“” …) are dropped on both sides, so 六个不能五个通气 finds
 * 六个不能、五个通气. Each normalised character remembers where it came from,
 * so a match maps back to the original text for snippets and highlighting.
 */
var SearchCore = (function () {
  "use strict"

  var KEEP = /[\p{L}\p{N}]/u
  var DOC_BREAK = "\u0001" // never produced by normalize(): no match crosses documents
  var CONTEXT = 30 // characters of context either side of a match in a snippet
  var MAX_GROUPS = 100 // a one-speech site's index is in memory: its first 100 results (a library's: all it checked)
  var MAX_QUERY = 256

  function normalize(value) {
    var text = ""
    var map = []
    var i = 0
    for (var ch of value) {
      var folded = ch.normalize("NFKC").toLowerCase()
      for (var c of folded) {
        if (KEEP.test(c)) {
          text += c
          for (var k = 0; k < c.length; k++) map.push(i)
        }
      }
      i += ch.length
    }
    map.push(i)
    return { text: text, map: map }
  }

  function escapeHTML(value) {
    return value
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;")
  }

  /* An index entry the search can show: a location, a title and a text, all strings */
  function usable(doc) {
    return (
      doc !== null &&
      typeof doc === "object" &&
      typeof doc.location === "string" &&
      typeof doc.title === "string" &&
      typeof doc.text === "string"
    )
  }

  /* Index: one normalised string for the whole site, documents in order; a malformed entry is skipped */
  function buildIndex(docs) {
    docs = Array.isArray(docs) ? docs.filter(usable) : []
    var parts = []
    var starts = []
    var entries = []
    var offset = 0
    docs.forEach(function (doc, order) {
      var original = doc.title + "\n" + doc.text
      var norm = normalize(original)
      entries.push({
        doc: doc,
        order: order,
        original: original,
        titleEnd: normalize(doc.title).text.length,
        norm: norm
      })
      starts.push(offset)
      parts.push(norm.text)
      offset += norm.text.length + 1
    })
    return { corpus: parts.join(DOC_BREAK), starts: starts, entries: entries }
  }

  function entryAt(index, position) {
    var lo = 0
    var hi = index.starts.length - 1
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1
      if (index.starts[mid] <= position) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  function findAll(index, needle) {
    var hits = new Map() // entry number -> { count, first }
    var from = 0
    for (;;) {
      var at = index.corpus.indexOf(needle, from)
      if (at < 0) break
      var n = entryAt(index, at)
      var local = at - index.starts[n]
      var hit = hits.get(n)
      if (hit) hit.count++
      else hits.set(n, { count: 1, first: local })
      from = at + 1
    }
    return hits
  }

  /* The original text of a normalised range, and a snippet around it */
  function originalRange(entry, start, length) {
    var map = entry.norm.map
    return [map[start], map[start + length - 1] + 1]
  }

  function snippet(entry, start, length) {
    var range = originalRange(entry, start, length)
    var original = entry.original
    var bodyStart = entry.doc.title.length + 1
    if (range[0] < bodyStart) {
      // the match is in the heading: show the start of the section
      var head = original.slice(bodyStart, bodyStart + 2 * CONTEXT)
      return escapeHTML(head) + (original.length > bodyStart + 2 * CONTEXT ? "…" : "")
    }
    var from = Math.max(bodyStart, range[0] - CONTEXT)
    var to = Math.min(original.length, range[1] + CONTEXT)
    return (
      (from > bodyStart ? "…" : "") +
      escapeHTML(original.slice(from, range[0])) +
      "<mark data-md-highlight>" +
      escapeHTML(original.slice(range[0], range[1])) +
      "</mark>" +
      escapeHTML(original.slice(range[1], to)) +
      (to < original.length ? "…" : "")
    )
  }

  var KIND_RANK = { speech: 0, glossary: 1, page: 2 }

  /* Material renders a group as a page heading and its sections. Each group
     here is one section, and both its links point at the section, so the
     first result lands on the place that holds the phrase. */
  function group(entry, score, text, terms) {
    var doc = entry.doc
    // in a library, a result names its speech (in 书名号 as the index writes it: booktitle.py)
    var pageTitle = entry.speech ? entry.speech + doc.page : doc.page
    var section = {
      location: doc.location,
      title: escapeHTML(doc.title),
      text: text,
      score: score,
      terms: terms
    }
    if (doc.location.indexOf("#") < 0) {
      section.title = escapeHTML(pageTitle)
      return [section]
    }
    var page = {
      location: doc.location,
      title: escapeHTML(pageTitle),
      text: "",
      score: score,
      terms: terms
    }
    return [section, page]
  }

  function byRank(a, b) {
    return (
      KIND_RANK[a.entry.doc.kind] - KIND_RANK[b.entry.doc.kind] ||
      b.inTitle - a.inTitle ||
      b.count - a.count ||
      a.entry.order - b.entry.order
    )
  }

  /* `max`: how many at most (MAX_GROUPS without it) */
  function exactGroups(ranked, needle, max) {
    return ranked.slice(0, max || MAX_GROUPS).map(function (hit, rank) {
      var range = originalRange(hit.entry, hit.first, needle.length)
      var surface = hit.entry.original.slice(range[0], range[1])
      var terms = {}
      terms[surface] = true
      return group(hit.entry, 1000 - rank, snippet(hit.entry, hit.first, needle.length), terms)
    })
  }

  function exact(index, needle) {
    var hits = findAll(index, needle)
    var ranked = Array.from(hits.entries()).map(function (pair) {
      var entry = index.entries[pair[0]]
      return {
        entry: entry,
        first: pair[1].first,
        count: pair[1].count,
        inTitle: pair[1].first < entry.titleEnd
      }
    })
    ranked.sort(byRank)
    return exactGroups(ranked, needle)
  }

  /* No section holds the whole query: cover it with the longest pieces that
     occur somewhere, and rank sections by how much of the query they hold.
     Material shows the pieces a section lacks as struck-through terms. */
  function partial(index, needle) {
    var pieces = []
    var gaps = "" // the parts of the query in no piece, between newlines: missing from every result
    var i = 0
    while (i < needle.length) {
      var j = i + 1
      while (j < needle.length && index.corpus.indexOf(needle.slice(i, j + 1)) >= 0) j++
      if (j - i >= 2) {
        pieces.push(needle.slice(i, j))
        gaps += "\n"
        i = j
      } else {
        gaps += needle.charAt(i++)
      }
    }
    if (!pieces.length) return []
    var scores = new Map()
    pieces.forEach(function (piece) {
      findAll(index, piece).forEach(function (hit, n) {
        var s = scores.get(n) || { covered: 0, have: {}, first: hit.first, piece: piece }
        if (!s.have[piece]) s.covered += piece.length
        s.have[piece] = true
        if (piece.length > s.piece.length) {
          s.first = hit.first
          s.piece = piece
        }
        scores.set(n, s)
      })
    })
    // the site's own pages (来源与说明 …) after the speech and the glossary, as for a full match: their
    // words about the speech must not outrank the speech itself; within that, more of the query first
    var ranked = Array.from(scores.entries()).sort(function (a, b) {
      var ka = KIND_RANK[index.entries[a[0]].doc.kind]
      var kb = KIND_RANK[index.entries[b[0]].doc.kind]
      return (
        (ka > 1) - (kb > 1) ||
        b[1].covered - a[1].covered ||
        ka - kb ||
        a[0] - b[0]
      )
    })
    var score = 100 // falls with the rank: Material's order and the scores say the same
    return ranked.slice(0, 10).map(function (pair) {
      var entry = index.entries[pair[0]]
      var s = pair[1]
      var terms = {}
      pieces.forEach(function (piece) {
        terms[piece] = !!s.have[piece]
      })
      gaps.split("\n").forEach(function (part) {
        if (part) terms[part] = false
      })
      score = Math.min(score - 0.01, (100 * s.covered) / needle.length)
      return group(entry, score, snippet(entry, s.first, s.piece.length), terms)
    })
  }

  /* Glossary terms that begin with the last word typed: Material's search.suggest (in a library,
     only `allowed` ones, when given: the terms of the speech being read) */
  function suggest(index, query, allowed) {
    var words = query.split(/[\s-]+/)
    var last = words[words.length - 1]
    if (!last) return []
    for (var n = 0; n < index.entries.length; n++) {
      var doc = index.entries[n].doc
      if (doc.kind === "glossary" && doc.location.indexOf("#") >= 0 && doc.title !== last && doc.title.indexOf(last) === 0)
        if (!allowed || allowed.has(doc.title)) return [doc.title]
    }
    return []
  }

  function search(index, query, options) {
    var needle = normalize(String(query).slice(0, MAX_QUERY)).text
    if (!needle) return { items: [] }
    var items = exact(index, needle)
    if (!items.length) items = partial(index, needle)
    var result = { items: items }
    if (options && options.suggest) result.suggest = suggest(index, String(query))
    return result
  }

  /* Closest glossary terms to a query that found nothing: shared characters */
  function closest(terms, query, limit) {
    var q = normalize(query).text
    if (!q) return []
    return terms
      .map(function (t) {
        var norm = normalize(t.term).text
        var shared = 0
        for (var c of new Set(q)) if (norm.indexOf(c) >= 0) shared++
        return { term: t, score: shared / Math.max(norm.length, 1) + shared }
      })
      .filter(function (s) {
        return s.score >= 1
      })
      .sort(function (a, b) {
        return b.score - a.score
      })
      .slice(0, limit || 5)
      .map(function (s) {
        return s.term
      })
  }

  return {
    normalize: normalize,
    escapeHTML: escapeHTML,
    buildIndex: buildIndex,
    search: search,
    suggest: suggest,
    closest: closest,
    // for library.js, the library's search, which adds SearchCore.library and SearchCore.gramShard
    parts: {
      MAX_QUERY: MAX_QUERY,
      KIND_RANK: KIND_RANK,
      snippet: snippet,
      group: group,
      byRank: byRank,
      exactGroups: exactGroups
    }
  }
})()

/* The worker role: in a real worker, or in the frame of the file:// worker shim */
;(function () {
  "use strict"
  if (typeof module === "object" && module && module.exports) {
    module.exports = SearchCore // Node: the core alone, for its unit tests
    return
  }
  var inPage = typeof window !== "undefined" && !window.__searchWorkerFrame
  if (inPage) return

  var SETUP = 0
  var READY = 1
  var QUERY = 2
  var RESULT = 3
  var index = null
  var library = null // a library's sharded index (config.library), searched asynchronously
  var options = {}
  var latest = 0 // a library's answers come back in any order: only the latest query's is shown
  var loading = null // the AbortController of a library's latest query: a newer one cancels its loads

  /* search/shards/KEY: fetched as JSON by a worker; by <script> in the file:// shim's frame */
  function loader(lib) {
    var root = new URL("../../../" + lib.path, location.href).href
    if (typeof window === "undefined" || !window.__searchWorkerFrame)
      return function (key, signal) {
        return fetch(root + key + lib.ext, { signal: signal }).then(function (response) {
          if (!response.ok) throw new Error(key)
          return response.json()
        })
      }
    var waiting = {}
    window.__searchShard = function (key, data) {
      if (waiting[key]) waiting[key](data)
    }
    return function (key) {
      return new Promise(function (resolve, reject) {
        waiting[key] = resolve
        var tag = window.document.createElement("script")
        tag.src = root + key + lib.ext
        tag.onerror = reject
        window.document.head.appendChild(tag)
      })
    }
  }

  /* A script beside this one: importScripts in a worker, a <script> in the file:// shim's frame */
  function script(name) {
    if (typeof window === "undefined" || !window.__searchWorkerFrame) {
      try {
        importScripts(new URL(name, location.href).href)
        return Promise.resolve()
      } catch (error) {
        return Promise.reject(error)
      }
    }
    return new Promise(function (resolve, reject) {
      var tag = window.document.createElement("script")
      tag.src = new URL(name, location.href).href
      tag.onload = resolve
      tag.onerror = reject
      window.document.head.appendChild(tag)
    })
  }

  /* `answer(data)` posts a library's first results while the rest are loading (not once a newer query has come) */
  function handle(message, answer) {
    switch (message && message.type) {
      case SETUP: {
        var data = message.data || {}
        var config = data.config || {}
        index = SearchCore.buildIndex(data.docs)
        options = data.options || {}
        if (!config.library) return { type: READY }
        // a library (config.library): its search code comes only now, so a one-speech site never loads it
        return script("library.js").then(
          function () {
            library = SearchCore.library(config.library, loader(config.library))
            return { type: READY }
          },
          function () {
            // the library's code did not load (a file missing from a copied folder): search answers
            // "nothing found" rather than leaving the search box waiting for ever
            library = { search: () => Promise.resolve({ items: [] }) }
            return { type: READY }
          }
        )
      }
      case QUERY:
        try {
          if (library) return libraryQuery(message, answer)
          return { type: RESULT, data: SearchCore.search(index, message.data, options) }
        } catch {
          // a query must never break the page: answer "nothing found"
          return { type: RESULT, data: { items: [] } }
        }
      default:
        return null
    }
  }

  function libraryQuery(message, answer) {
    var query = String(message.data)
    /* more: true while further sections are loading; capped: true when more sections may hold the
       phrase than are listed (library.js, the page's, marks the list for either) */
    function result(items, more, found) {
      var data = { items: items }
      var allowed = Array.isArray(message.terms) ? new Set(message.terms.map(String)) : null
      if (options.suggest) data.suggest = SearchCore.suggest(index, query, allowed)
      if (more) data.more = true
      if (found && found.capped) data.capped = true
      if (found && found.limit) data.limit = found.limit // 显示更多 asks again with it (library.js, the page's)
      if (found && found.counts) data.counts = found.counts // per speech, shown above the list
      return { type: RESULT, data: data }
    }
    if (loading) loading.abort()
    loading = typeof AbortController === "function" ? new AbortController() : null
    var progress = {
      signal: loading ? loading.signal : null,
      // 显示更多 (a limit) keeps the list it adds to: no shorter early answer in between
      show: message.limit
        ? null
        : function (items) {
            answer(result(items, true))
          }
    }
    var opts = { current: message.current, limit: message.limit }
    return library.search(query, message.scope, progress, opts).then(
      function (found) {
        return result(found.items, false, found)
      },
      function () {
        return { type: RESULT, data: { items: [] } }
      }
    )
  }

  addEventListener("message", function (ev) {
    // a library's answers come back in any order: only the latest query's are shown
    var query = !!ev.data && ev.data.type === QUERY
    var mine = query ? ++latest : 0
    function current(answer) {
      if (query && mine !== latest) return false
      postMessage(answer)
      return true
    }
    var reply = handle(ev.data, current)
    if (reply && typeof reply.then === "function") reply.then(current)
    else if (reply) postMessage(reply)
  })
})()
