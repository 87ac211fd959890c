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
     data of search/shards/KEY (g/N: postings of the character pairs in shard N,
     d/N: section N). The sections holding up to six of the query's character
     pairs are loaded and checked in reading order until there are enough
     results; so a search downloads what its query needs, not the library. */
  var LIBRARY_RESULTS = 10 // sections checked and shown at most, per query
  var LIBRARY_BATCH = 6 // sections loaded at once: one wave of a browser's six connections

  function gramShard(gram, shards) {
    var h = 0
    for (var c of gram) h = (Math.imul(h, 31) + c.codePointAt(0)) >>> 0
    return h % shards
  }

  function library(lib, load) {
    var postings = new Map() // gram -> Promise of ascending section numbers
    var sections = new Map() // number -> Promise of an entry like buildIndex's

    function shard(k) {
      var key = "g/" + k
      if (!postings.has(key)) postings.set(key, load(key))
      return postings.get(key)
    }

    function holders(gram) {
      return shard(gramShard(gram, lib.shards)).then(function (data) {
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

    function section(n) {
      if (!sections.has(n)) {
        sections.set(
          n,
          load("d/" + n).then(function (doc) {
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
        )
      }
      return sections.get(n)
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

    /* The query's character pairs, at most six spread over it: more pairs, fewer false candidates */
    function grams(needle) {
      if (needle.length < 2) return [needle]
      var last = needle.length - 2
      var at = new Set()
      for (var k = 0; k < 6; k++) at.add(Math.round((last * k) / 5))
      return Array.from(at).map(function (i) {
        return needle.slice(i, i + 2)
      })
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

    /* Load candidates in order, batch by batch, keeping those `keep` accepts */
    function check(candidates, keep, enough) {
      var found = []
      var next = 0
      function round() {
        // one more round only while fewer than half the results are in: each round is a network round trip
        var done = found.length >= (next ? enough / 2 : enough) || next >= 4 * enough
        if (next >= candidates.length || done) return Promise.resolve(found)
        var batch = candidates.slice(next, (next += next ? 2 * LIBRARY_BATCH : LIBRARY_BATCH))
        return Promise.all(batch.map(section)).then(function (entries) {
          entries.forEach(function (entry) {
            var hit = keep(entry)
            if (hit) found.push(hit)
          })
          return round()
        })
      }
      return round()
    }

    function exactLibrary(needle, scope) {
      return Promise.all(grams(needle).map(holders)).then(function (lists) {
        var candidates = within(intersect(lists), scope)
        return check(
          candidates,
          function (entry) {
            var text = entry.norm.text
            var first = text.indexOf(needle)
            if (first < 0) return null
            var count = 0
            for (var at = first; at >= 0; at = text.indexOf(needle, at + 1)) count++
            return { entry: entry, first: first, count: count, inTitle: first < entry.titleEnd }
          },
          LIBRARY_RESULTS
        ).then(function (hits) {
          hits.sort(byRank)
          return exactGroups(hits, needle)
        })
      })
    }

    /* Nothing holds the whole query: the longest runs of its pairs that some section holds together */
    function partialLibrary(needle, scope) {
      needle = needle.slice(0, 32)
      var pairs = []
      for (var p = 0; p < needle.length - 1; p++) pairs.push(needle.slice(p, p + 2))
      return Promise.all(pairs.map(holders)).then(function (lists) {
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
          10
        ).then(function (hits) {
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
      search: function (query, scope) {
        var needle = normalize(String(query).slice(0, MAX_QUERY)).text
        if (!needle) return Promise.resolve({ items: [] })
        return exactLibrary(needle, scope).then(function (items) {
          if (items.length || needle.length < 2) return { items: items }
          return partialLibrary(needle, scope).then(function (more) {
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
