/*
 * Search across a library of speeches: the index in shards, loaded as a query
 * needs them. The worker (search.js) loads this file only when the site is a
 * library (config.library in search/search_index.json), so a one-speech site
 * never downloads it. It adds SearchCore.library and SearchCore.gramShard.
 * In Node (tests/js/) it exports a function that adds them to a SearchCore.
 */
;(function (install) {
  "use strict"
  if (typeof module === "object" && module && module.exports) module.exports = install
  else install(SearchCore)
})(function (SearchCore) {
  "use strict"

  var normalize = SearchCore.normalize
  var parts = SearchCore.parts
  var MAX_QUERY = parts.MAX_QUERY
  var KIND_RANK = parts.KIND_RANK
  var snippet = parts.snippet
  var group = parts.group
  var byRank = parts.byRank
  var exactGroups = parts.exactGroups

  /* The index in shards (postbuild/search_index.py), loaded as a query needs them ---

     `lib` is config.library from search_index.json; `load(key)` resolves to the
     data of search/shards/KEY (g/N: postings of the characters, pairs and
     triples in shard N, d/N: section N). The sections holding the query's first
     and last triple are loaded and checked in reading order, a few at a time,
     until there are enough results; so a search downloads what its query
     needs, not the library. Every request costs a round trip, so the first
     result is shown as soon as its section is in, and the rest follow; a newer
     query cancels what an older one still loads. */
  var LIBRARY_RESULTS = 6 // enough results: no further round once this many are in
  var LIBRARY_FIRST = 3 // sections in the first round: one of them almost always holds the phrase
  var LIBRARY_MAX = 40 // sections of other speeches checked at most, per query (before 显示更多)
  var LIBRARY_PAGE = 20 // 显示更多: this many more results each time

  function gramShard(gram, shards) {
    var h = 0
    for (var c of gram) h = (Math.imul(h, 31) + c.codePointAt(0)) >>> 0
    return h % shards
  }

  /* `load(key, signal)` resolves to the data of search/shards/KEY; `signal` (an AbortSignal) cancels it */
  function library(lib, load) {
    var postings = new Map() // shard key -> a load of its data
    var sections = new Map() // number -> a load of an entry like buildIndex's

    /* What `make(signal)` loads, once, for every query that wants it. A load that fails is
       forgotten. A load no query wants any more (each query's `signal` is cancelled when a newer
       query comes) is cancelled, but only after the newer query has claimed what it shares with
       the older one: typing on does not restart the shards both need. */
    function cached(cache, key, make, signal) {
      var entry = cache.get(key)
      if (!entry) {
        var own = typeof AbortController === "function" ? new AbortController() : null
        entry = { users: 0, done: false, own: own, promise: make(own ? own.signal : undefined) }
        cache.set(key, entry)
        var settled = entry
        settled.promise.then(
          function () {
            settled.done = true
          },
          function () {
            settled.done = true
            if (cache.get(key) === settled) cache.delete(key)
          }
        )
      }
      if (signal && !signal.aborted && entry.own && !entry.done) {
        var wanted = entry
        wanted.users++
        signal.addEventListener(
          "abort",
          function () {
            wanted.users--
            Promise.resolve().then(function () {
              if (wanted.users > 0 || wanted.done) return
              if (cache.get(key) === wanted) cache.delete(key)
              wanted.own.abort()
            })
          },
          { once: true }
        )
      }
      return entry.promise
    }

    function holders(gram, signal) {
      var key = "g/" + gramShard(gram, lib.shards)
      var shard = cached(
        postings,
        key,
        function (own) {
          return load(key, own)
        },
        signal
      )
      return shard.then(function (data) {
        var deltas = data[gram] || []
        var out = []
        var at = 0
        for (var i = 0; i < deltas.length; i++) out.push((at += deltas[i]))
        return out
      })
    }

    function speechOf(n) {
      for (var i = 0; i < lib.speeches.length; i++) {
        var s = lib.speeches[i]
        if (n >= s[1] && n < s[1] + s[2]) return s
      }
      return null
    }

    function section(n, signal) {
      function make(own) {
        return load("d/" + n, own).then(function (doc) {
          var s = speechOf(n)
          doc.kind = s ? "speech" : n < lib.pages ? "glossary" : "page"
          var original = doc.title + "\n" + doc.text
          return {
            doc: doc,
            order: n,
            original: original,
            titleEnd: normalize(doc.title).text.length,
            norm: normalize(original),
            speech: lib.speeches.length > 1 && s ? s[3] : ""
          }
        })
      }
      return cached(sections, n, make, signal)
    }

    function intersect(lists) {
      lists.sort(function (a, b) {
        return a.length - b.length
      })
      return lists[0].filter(function (n) {
        return lists.every(function (list) {
          return binaryHas(list, n)
        })
      })
    }

    function binaryHas(list, n) {
      var lo = 0
      var hi = list.length - 1
      while (lo <= hi) {
        var mid = (lo + hi) >> 1
        if (list[mid] === n) return true
        if (list[mid] < n) lo = mid + 1
        else hi = mid - 1
      }
      return false
    }

    /* What to look up: the query itself when it is one or two characters, else its first and last triple */
    function grams(needle) {
      if (needle.length < 3) return [needle]
      return Array.from(new Set([needle.slice(0, 3), needle.slice(-3)]))
    }

    function speechBySlug(slug) {
      return (
        lib.speeches.filter(function (x) {
          return x[4] === slug
        })[0] || null
      )
    }

    /* The speech being read first, then the glossary and the site's pages (all of these sections
       are checked: a reader gets at least what a one-speech site lists), then the other speeches
       in reading order */
    function readFirst(candidates, current) {
      var s = current ? speechBySlug(current) : null
      if (!s) return { candidates: candidates, must: 0 }
      var own = []
      var shared = []
      var others = []
      candidates.forEach(function (n) {
        var of = speechOf(n)
        ;(of === s ? own : of ? others : shared).push(n)
      })
      return { candidates: own.concat(shared, others), must: own.length + shared.length }
    }

    /* Results grouped by speech: the one being read, then the glossary and the site's pages,
       then the other speeches in reading order (without a speech being read: the speeches, then
       the glossary and pages); within each, as a one-speech site ranks them */
    function groupRank(current) {
      var reading = current ? speechBySlug(current) : null
      return function (hit) {
        var s = speechOf(hit.entry.order)
        if (!reading) return s ? lib.speeches.indexOf(s) : lib.speeches.length
        if (s === reading) return 0
        return s ? 2 + lib.speeches.indexOf(s) : 1
      }
    }

    /* Per speech, how many sections hold the phrase: those checked that hold it, and (for a
       phrase longer than its looked-up grams) those not yet checked counted as possible */
    function perSpeech(candidates, hits, checkedUpTo, exactGrams, current) {
      var held = new Set(
        hits.map(function (hit) {
          return hit.entry.order
        })
      )
      function tally(inside) {
        var n = 0
        var maybe = 0
        candidates.forEach(function (c, i) {
          if (!inside(c)) return
          if (held.has(c)) n++
          else if (i >= checkedUpTo) {
            if (exactGrams) n++
            else maybe++
          }
        })
        return { n: n, maybe: maybe }
      }
      var out = []
      lib.speeches.forEach(function (s) {
        var t = tally(function (c) {
          return c >= s[1] && c < s[1] + s[2]
        })
        if (t.n || t.maybe) out.push({ slug: s[4], title: s[3], count: t.n, maybe: t.maybe })
      })
      // the speech being read first, as its results are
      out.sort(function (a, b) {
        return (b.slug === current) - (a.slug === current)
      })
      // the glossary and the site's pages last (no slug, no title)
      var shared = tally(function (c) {
        return !speechOf(c)
      })
      if (shared.n || shared.maybe) out.push({ slug: "", title: "", count: shared.n, maybe: shared.maybe })
      return out
    }

    function within(candidates, scope) {
      if (!scope) return candidates
      var s = lib.speeches.filter(function (x) {
        return x[4] === scope
      })[0]
      if (!s) return candidates
      return candidates.filter(function (n) {
        return n >= s[1] && n < s[1] + s[2]
      })
    }

    /* Load candidates round by round (3, 6, 12, 24 sections) and check them in reading order,
       keeping those `keep` accepts. Once, as soon as the sections before a result are in and more
       are still to come, `progress.show(found)` shows what is found: the reader sees the first
       result after two round trips, not after the slowest section. A cancelled `progress.signal`
       (a newer query has come) ends the search before its next round. Resolves to the hits and how
       many candidates were left unchecked. */
    function check(candidates, keep, enough, progress, must) {
      var signal = progress && progress.signal
      var found = []
      var next = 0
      var size = LIBRARY_FIRST
      var shown = !(progress && progress.show)
      must = must || 0 // the first `must` candidates (the speech being read) are all checked
      var most = must + Math.max(LIBRARY_MAX, 2 * enough)
      function more() {
        return next < candidates.length && (next < must || (found.length < enough && next < most))
      }
      function round() {
        if (!more() || (signal && signal.aborted))
          return Promise.resolve({ hits: found, unchecked: candidates.length - next })
        var batch = candidates.slice(next, (next += Math.min(size, Math.max(must, most) - next)))
        size *= 2
        var entries = []
        var checked = 0 // sections of the batch checked, in order
        return Promise.all(
          batch.map(function (n, i) {
            return section(n, signal).then(function (entry) {
              entries[i] = entry
              for (; checked < batch.length && entries[checked]; checked++) {
                var hit = keep(entries[checked])
                if (hit) found.push(hit)
              }
              if (!shown && found.length && (checked < batch.length || more()) && !(signal && signal.aborted)) {
                shown = true
                progress.show(found.slice())
              }
            })
          })
        ).then(round)
      }
      return round()
    }

    function lookup(wanted, progress) {
      return Promise.all(
        wanted.map(function (gram) {
          return holders(gram, progress && progress.signal)
        })
      )
    }

    function exactLibrary(needle, scope, progress, opts) {
      var current = opts.current || scope || ""
      var rank = groupRank(current)
      function accept(entry) {
        var text = entry.norm.text
        var first = text.indexOf(needle)
        if (first < 0) return null
        var count = 0
        for (var at = first; at >= 0; at = text.indexOf(needle, at + 1)) count++
        return { entry: entry, first: first, count: count, inTitle: first < entry.titleEnd }
      }
      function ranked(hits) {
        hits.sort(function (a, b) {
          return rank(a) - rank(b) || byRank(a, b)
        })
        // every result checked: 显示更多 loads the next sections, so no cap here hides any
        return exactGroups(hits, needle, hits.length)
      }
      return lookup(grams(needle), progress).then(function (lists) {
        var ordered = readFirst(within(intersect(lists), scope), current)
        var candidates = ordered.candidates
        var enough = Math.max(LIBRARY_RESULTS, opts.limit || 0)
        // check() shows raw hits early: the reader sees them ranked and grouped
        var early = progress && {
          signal: progress.signal,
          show:
            progress.show &&
            function (hits) {
              progress.show(ranked(hits))
            }
        }
        return check(candidates, accept, enough, early, ordered.must).then(function (checked) {
          // candidates left unchecked once there were enough results: say the list may not be all
          var stopped = progress && progress.signal && progress.signal.aborted
          var counts = perSpeech(
            candidates,
            checked.hits,
            candidates.length - checked.unchecked,
            needle.length <= 3,
            current
          )
          var out = { items: ranked(checked.hits), capped: checked.unchecked > 0 && !stopped, counts: counts }
          // 显示更多: ask again with this limit; what is loaded already is not loaded again
          if (out.capped) out.limit = Math.max(enough, checked.hits.length) + LIBRARY_PAGE
          return out
        })
      })
    }

    /* Nothing holds the whole query: the longest runs of its pairs that some section holds together */
    function partialLibrary(needle, scope, progress) {
      needle = needle.slice(0, 32)
      var pairs = []
      for (var p = 0; p < needle.length - 1; p++) pairs.push(needle.slice(p, p + 2))
      return lookup(pairs, progress).then(function (lists) {
        var pieces = []
        var i = 0
        while (i < lists.length) {
          if (!lists[i].length) {
            i++
            continue
          }
          var j = i + 1
          while (j < lists.length && intersect(lists.slice(i, j + 1)).length) j++
          pieces.push({ text: needle.slice(i, j + 1), holders: within(intersect(lists.slice(i, j)), scope) })
          i = j
        }
        if (!pieces.length) return []
        var score = new Map()
        pieces.forEach(function (piece) {
          piece.holders.forEach(function (n) {
            score.set(n, (score.get(n) || 0) + piece.text.length)
          })
        })
        var candidates = Array.from(score.keys()).sort(function (a, b) {
          return score.get(b) - score.get(a) || a - b
        })
        return check(
          candidates,
          function (entry) {
            var have = {}
            var covered = 0
            var best = null
            pieces.forEach(function (piece) {
              var at = entry.norm.text.indexOf(piece.text)
              if (at < 0) return
              have[piece.text] = true
              covered += piece.text.length
              if (!best || piece.text.length > best.piece.length) best = { first: at, piece: piece.text }
            })
            return best ? { entry: entry, have: have, covered: covered, best: best } : null
          },
          10,
          progress && { signal: progress.signal }
        ).then(function (checked) {
          var hits = checked.hits
          hits.sort(function (a, b) {
            return (
              b.covered - a.covered ||
              KIND_RANK[a.entry.doc.kind] - KIND_RANK[b.entry.doc.kind] ||
              a.entry.order - b.entry.order
            )
          })
          return hits.map(function (hit, rank) {
            var terms = {}
            pieces.forEach(function (piece) {
              terms[piece.text] = !!hit.have[piece.text]
            })
            var text = snippet(hit.entry, hit.best.first, hit.best.piece.length)
            return group(hit.entry, (100 * hit.covered) / needle.length - rank / 100, text, terms)
          })
        })
      })
    }

    return {
      /* `progress` (optional): { show(items), the first results while more load; signal, an
         AbortSignal that cancels the search and what it still loads }. `opts` (optional):
         { current: the slug of the speech being read (its results first, all of them), limit: how
         many results at least (显示更多) }. Resolves to { items }, with capped: true and limit (the
         next 显示更多's) when the search stopped at enough results and more sections may hold the
         phrase, and counts: [{ slug, title, count, maybe }] per speech holding it */
      search: function (query, scope, progress, opts) {
        var needle = normalize(String(query).slice(0, MAX_QUERY)).text
        if (!needle) return Promise.resolve({ items: [] })
        var signal = progress && progress.signal
        opts = opts && typeof opts === "object" ? opts : {}
        var limit = Math.floor(Number(opts.limit))
        opts = { current: typeof opts.current === "string" ? opts.current : "", limit: limit > 0 ? Math.min(limit, 100000) : 0 }
        return exactLibrary(needle, scope, progress, opts).then(function (exact) {
          var items = exact.items
          // a cancelled search stops here: it found nothing only because it stopped looking
          if (items.length || needle.length < 2 || (signal && signal.aborted)) {
            var out = { items: items }
            if (exact.capped) {
              out.capped = true
              out.limit = exact.limit
            }
            if (lib.speeches.length > 1 && exact.counts.length) out.counts = exact.counts
            return out
          }
          return partialLibrary(needle, scope, progress).then(function (more) {
            return { items: more }
          })
        })
      }
    }
  }

  SearchCore.library = library
  SearchCore.gramShard = gramShard
  return SearchCore
})
