// The library's search core (SearchCore.library): a sharded index, loaded as a
// query needs it. The shards are made (fixture.mjs) in the shape
// src/speech_study/postbuild/search_index.py writes them (write_library).
import assert from "node:assert/strict"
import { describe, test } from "node:test"

import { libraryShards, SearchCore } from "./fixture.mjs"

const SPEECHES = [
  ["main", "第一篇讲话", [
    ["part-1/#a", "（一）班子建设", "权力是把双刃剑，要时刻绷紧廉政建设这根弦。"],
    ["part-1/#b", "（二）带好队伍", "干部干部，干字当头。"]
  ]],
  ["shequ", "社区治理讲话", [
    ["shequ/part-1/#c", "（一）新变化", "老年人口占比上升，托育需求增加。"],
    ["shequ/part-2/#d", "（二）信息", "权力是把双刃剑，数据也是一样。"]
  ]]
]
const GLOSSARY = [["glossary/#sjj", "双刃剑", "比喻既能带来好处、也可能带来害处的事物。"]]

function build(shards = 8, speeches = SPEECHES) {
  const { lib, files } = libraryShards(speeches, GLOSSARY, shards)
  const loaded = []
  const load = (key) => {
    loaded.push(key)
    return Promise.resolve(JSON.parse(JSON.stringify(files.get(key))))
  }
  return { core: SearchCore.library(lib, load), loaded }
}

const locations = (result) => result.items.map((group) => group[0].location)

describe("a library's search", () => {
  test("finds the phrase in every speech, speeches first, and names the speech", async () => {
    const { core } = build()
    const result = await core.search("双刃剑")
    assert.deepEqual(locations(result), ["part-1/#a", "shequ/part-2/#d", "glossary/#sjj"])
    assert.equal(result.items[0][1].title, "《第一篇讲话》一、部分")
    assert.equal(result.items[1][1].title, "《社区治理讲话》一、部分")
    assert.equal(result.items[2][1].title, "术语表")
    assert.match(result.items[1][0].text, /<mark data-md-highlight>双刃剑<\/mark>/)
  })

  test("exact phrases only: sections holding the pairs apart are not results", async () => {
    const { core } = build()
    // 权力 and 数据 both stand in shequ/part-2, but not as 权力数据
    assert.deepEqual(locations(await core.search("权力数据")).length > 0, true)
    const exact = await core.search("权力是把双刃剑，数据")
    assert.deepEqual(locations(exact), ["shequ/part-2/#d"])
  })

  test("narrowed to one speech, only its sections", async () => {
    const { core } = build()
    assert.deepEqual(locations(await core.search("双刃剑", "shequ")), ["shequ/part-2/#d"])
    assert.deepEqual(locations(await core.search("干字当头", "shequ")), [])
  })

  test("loads only the shards and sections the query needs", async () => {
    const { core, loaded } = build(64)
    await core.search("老年人口")
    const postings = loaded.filter((k) => k.startsWith("g/"))
    const sections = loaded.filter((k) => k.startsWith("d/"))
    // the first and last triple: 老年人, 年人口
    assert.deepEqual(postings.sort(), ["g/" + SearchCore.gramShard("年人口", 64), "g/" + SearchCore.gramShard("老年人", 64)].sort())
    assert.deepEqual(sections, ["d/2"])
  })

  test("a query of one or two characters looks up itself", async () => {
    const { core, loaded } = build(64)
    assert.deepEqual(locations(await core.search("托育")), ["shequ/part-1/#c"])
    assert.deepEqual(loaded.filter((k) => k.startsWith("g/")), ["g/" + SearchCore.gramShard("托育", 64)])
    assert.deepEqual(locations(await core.search("干")), ["part-1/#b"])
  })

  // a phrase in twelve sections of one speech
  const MANY = [["many", "长讲话", Array.from({ length: 12 }, (_, i) => [`many/#s${i}`, `（${i}）小节`, `第${i}段：要把支部建设好。`])]]

  test("the first result is shown while the rest load, then all of them", async () => {
    const { core, loaded } = build(8, MANY)
    const shown = []
    const show = (items) => {
      shown.push({ items: items.map((group) => group[0].location), loaded: loaded.filter((k) => k.startsWith("d/")).length })
    }
    const result = await core.search("支部建设", "", { show })
    // the first section's result as soon as it is in (three are loading), then all of the first
    // round and six more: the rest wait (six results are enough)
    assert.deepEqual(shown, [{ items: ["many/#s0"], loaded: 3 }])
    assert.deepEqual(locations(result), ["many/#s0", "many/#s1", "many/#s2", "many/#s3", "many/#s4", "many/#s5", "many/#s6", "many/#s7", "many/#s8"])
    assert.equal(loaded.filter((k) => k.startsWith("d/")).length, 9)
    // three of the twelve sections were not checked: the answer says the list may not be all
    assert.equal(result.capped, true)
    assert.equal((await core.search("第1段")).capped, undefined)
  })

  test("a cancelled search loads no further round", async () => {
    const { core, loaded } = build(8, MANY)
    const cancel = new AbortController()
    const result = await core.search("支部建设", "", { signal: cancel.signal, show: () => cancel.abort() })
    // the first round is in when it ends: no second round
    assert.equal(locations(result).length, 3)
    assert.equal(loaded.filter((k) => k.startsWith("d/")).length, 3)
  })

  test("a search cancelled before it found anything does not go on to look for pieces", async () => {
    const { core, loaded } = build(64)
    const cancel = new AbortController()
    const searching = core.search("老年人口", "", { signal: cancel.signal })
    cancel.abort()
    assert.deepEqual(locations(await searching), [])
    // the first and last triple only: no character pairs of a search for pieces, no sections
    assert.equal(loaded.length, 2, loaded)
  })

  /* a library whose loads take a few milliseconds, can be cancelled, and are recorded */
  function slow(fail = new Set()) {
    const { lib, files } = libraryShards(SPEECHES, GLOSSARY, 8)
    const loads = []
    const load = (key, signal) => {
      const record = { key, cancelled: false }
      loads.push(record)
      return new Promise((resolve, reject) => {
        if (fail.has(key)) return reject(new Error(key))
        const timer = setTimeout(() => resolve(JSON.parse(JSON.stringify(files.get(key)))), 5)
        if (signal)
          signal.addEventListener("abort", () => {
            record.cancelled = true
            clearTimeout(timer)
            reject(new DOMException("cancelled", "AbortError"))
          })
      })
    }
    return { core: SearchCore.library(lib, load), loads }
  }

  /* the worker's order: a query, then a newer one; the older query's signal is cancelled just before
     the newer one is searched */
  function typedOn(older, newer) {
    const { core, loads } = slow()
    const cancel = new AbortController()
    const first = core.search(older, "", { signal: cancel.signal })
    first.catch(() => {}) // its own loads may be cancelled: each test says what it expects
    cancel.abort()
    const second = core.search(newer, "", { signal: new AbortController().signal })
    return { first, second, keys: () => loads.map((l) => l.key), cancelled: () => loads.filter((l) => l.cancelled).map((l) => l.key) }
  }

  test("a newer query does not keep what only the one it cancels wanted", async () => {
    // 双刃 is in shard 7, 双刃剑 in shard 2: the older query's shard, wanted by no one now, is cancelled
    const { first, second, keys, cancelled } = typedOn("双刃", "双刃剑")
    assert.deepEqual(locations(await second), ["part-1/#a", "shequ/part-2/#d", "glossary/#sjj"])
    await assert.rejects(first, { name: "AbortError" })
    assert.deepEqual(cancelled(), ["g/7"])
    assert.equal(new Set(keys()).size, keys().length, keys())
  })

  test("the same query again, after cancelling the first: one load of each file, none cancelled", async () => {
    const { first, second, keys, cancelled } = typedOn("双刃剑", "双刃剑")
    assert.deepEqual(locations(await second), ["part-1/#a", "shequ/part-2/#d", "glossary/#sjj"])
    await first
    assert.deepEqual(cancelled(), [])
    assert.equal(new Set(keys()).size, keys().length, keys())
  })

  test("a load no query wants any more is cancelled, and made anew when wanted again", async () => {
    const { core, loads } = slow()
    const only = new AbortController()
    const first = core.search("双刃剑", "", { signal: only.signal })
    only.abort()
    await assert.rejects(first, { name: "AbortError" })
    assert.ok(loads.length >= 1 && loads.every((l) => l.cancelled), JSON.stringify(loads))
    assert.deepEqual(locations(await core.search("双刃剑")), ["part-1/#a", "shequ/part-2/#d", "glossary/#sjj"])
  })

  test("a failed load is not kept: the next search tries it again", async () => {
    const fail = new Set(["d/2"])
    const { core } = slow(fail)
    // the search fails (the worker answers "nothing found")
    await assert.rejects(core.search("老年人口"), { message: "d/2" })
    fail.clear()
    assert.deepEqual(locations(await core.search("老年人口")), ["shequ/part-1/#c"])
  })

  test("shown early only while more is to come", async () => {
    const { core } = build()
    const shown = []
    // three candidates, checked in order: the first result as soon as it is in, while two load
    const result = await core.search("双刃剑", "", { show: (items) => shown.push(locations({ items })) })
    assert.deepEqual(shown, [["part-1/#a"]])
    assert.deepEqual(locations(result), ["part-1/#a", "shequ/part-2/#d", "glossary/#sjj"])
    assert.equal(result.capped, undefined) // every candidate checked
    shown.length = 0
    await core.search("老年人口", "", { show: (items) => shown.push(locations({ items })) })
    assert.deepEqual(shown, [])
  })

  test("nothing holds the whole query: the pieces that occur, the missing ones marked", async () => {
    const { core } = build()
    const result = await core.search("老年人口很多")
    assert.deepEqual(locations(result), ["shequ/part-1/#c"])
    assert.deepEqual(result.items[0][0].terms, { 老年人口: true })
  })

  test("bad input is answered, never thrown", async () => {
    const { core } = build()
    for (const q of ["", "，。、", "<script>alert(1)</script>", ".*", "党".repeat(300)]) {
      const result = await core.search(q)
      assert.ok(Array.isArray(result.items))
      for (const group of result.items) for (const item of group) assert.doesNotMatch(item.text, /<script/)
    }
  })

  test("the shard of a gram is the one Python writes it to", () => {
    // the same values as speech_study.postbuild.search_index.gram_shard (tests/unit/test_library_index.py)
    assert.equal(SearchCore.gramShard("四大", 4096), 3500)
    assert.equal(SearchCore.gramShard("党", 4096), 346)
    assert.equal(SearchCore.gramShard("𠀀a", 7), 4)
  })
})

describe("a short word across a library: grouped by speech, every result reachable", () => {
  // 党建 in 14 sections of the first speech and 10 of the second, interleaved with sections without it
  const speech = (slug, title, n) => [
    slug,
    title,
    Array.from({ length: n * 2 }, (_, i) => [
      `${slug}/#s${i}`,
      `（${i}）小节`,
      i % 2 ? `第${i}段：没有这个词。` : `第${i}段：抓好党建工作。`
    ])
  ]
  const TWO = [speech("main", "第一篇讲话", 14), speech("shequ", "社区治理讲话", 10)]
  const speechOf = (location) => location.split("/")[0]
  const allOf = (slug, n) => Array.from({ length: n }, (_, i) => `${slug}/#s${2 * i}`)

  test("the speech being read first, all of its results, then the other speech, never alternating", async () => {
    const { core } = build(8, TWO)
    const result = await core.search("党建", "", null, { current: "shequ" })
    const found = locations(result)
    assert.deepEqual(found.slice(0, 10), allOf("shequ", 10))
    assert.ok(found.slice(10).every((l) => speechOf(l) === "main"), found)
    // the one-speech site lists all 14 of the first speech: a reader in it sees them all at once
    const inMain = locations(await core.search("党建", "", null, { current: "main" }))
    assert.deepEqual(inMain.slice(0, 14), allOf("main", 14))
  })

  test("the glossary and pages are counted last, without a speech's name", async () => {
    const { core } = build(8, TWO)
    const result = await core.search("双刃剑", "", null, { current: "shequ" })
    assert.deepEqual(result.counts, [{ slug: "", title: "", count: 1, maybe: 0 }])
  })

  test("a count per speech: how many sections hold the word", async () => {
    const { core } = build(8, TWO)
    const result = await core.search("党建", "", null, { current: "shequ" })
    // the speech being read first
    assert.deepEqual(result.counts, [
      { slug: "shequ", title: "《社区治理讲话》", count: 10, maybe: 0 },
      { slug: "main", title: "《第一篇讲话》", count: 14, maybe: 0 }
    ])
  })

  test("显示更多: asked again with the answer's limit, the next results, until every one is shown", async () => {
    const { core, loaded } = build(8, TWO)
    let result = await core.search("党建")
    const first = locations(result).length
    assert.ok(result.capped && result.limit > first, result)
    const rounds = [first]
    while (result.capped) {
      result = await core.search("党建", "", null, { limit: result.limit })
      rounds.push(locations(result).length)
      assert.ok(rounds.length < 10, rounds)
    }
    assert.deepEqual(new Set(locations(result)), new Set([...allOf("main", 14), ...allOf("shequ", 10)]))
    assert.ok(rounds.every((n, i) => i === 0 || n > rounds[i - 1]), rounds)
    // every section loaded once, however many times 显示更多 was pressed
    const sections = loaded.filter((k) => k.startsWith("d/"))
    assert.equal(sections.length, new Set(sections).size)
  })

  test("well over 100 results: 显示更多 reaches every one, exactly once, grouped by speech, counts exact from the start", async () => {
    // 30 speeches, 8 sections each hold 党建: 240 results, far more than one answer lists
    const MANY = Array.from({ length: 30 }, (_, k) => speech(`s${k}`, `第${k}篇`, 8))
    const { core, loaded } = build(8, MANY)
    const all = MANY.flatMap(([slug]) => allOf(slug, 8))
    const opts = { current: "s17" }
    const shown = []
    let result = await core.search("党建", "", { show: () => shown.push(loaded.filter((k) => k.startsWith("d/")).length) }, opts)
    // as fast as before to the first result: shown after the first round of three sections
    assert.deepEqual(shown, [3])
    const firstLoads = loaded.filter((k) => k.startsWith("d/")).length
    assert.ok(firstLoads < 60, firstLoads) // the first answer does not load the library
    // the count per speech is the index's own, for every speech, before their sections are loaded
    const counts = MANY.map(([slug, title]) => ({ slug, title: "《" + title + "》", count: 8, maybe: 0 }))
    const reading = counts.splice(17, 1)
    assert.deepEqual(result.counts, [...reading, ...counts])
    let presses = 0
    while (result.capped) {
      const before = locations(result)
      result = await core.search("党建", "", null, { ...opts, limit: result.limit })
      const after = locations(result)
      assert.ok(after.length > before.length, [before.length, after.length])
      assert.deepEqual(result.counts, [...reading, ...counts]) // the same counts at every press
      assert.ok(++presses < 30, presses)
    }
    const found = locations(result)
    assert.equal(found.length, 240)
    assert.deepEqual([...found].sort(), [...all].sort()) // each once
    // grouped: the speech being read first, then the others in reading order, never alternating
    const order = found.map(speechOf).filter((s, i, a) => s !== a[i - 1])
    assert.deepEqual(order, ["s17", ...MANY.map(([slug]) => slug).filter((s) => s !== "s17")])
    // every section loaded once, however many times 显示更多 was pressed
    const sections = loaded.filter((k) => k.startsWith("d/"))
    assert.equal(sections.length, new Set(sections).size)
  })

  test("the first result still comes after the first round, with the speech being read first", async () => {
    const { core, loaded } = build(8, TWO)
    const shown = []
    await core.search("党建", "", { show: (items) => shown.push([items[0][0].location, loaded.filter((k) => k.startsWith("d/")).length]) }, { current: "shequ" })
    assert.deepEqual(shown, [["shequ/#s0", 3]])
  })

  test("bad options are ignored, never thrown", async () => {
    const { core } = build(8, TWO)
    for (const opts of [null, 5, "x", { limit: -3 }, { limit: "many" }, { current: 7 }, { current: "nosuch" }]) {
      const result = await core.search("党建", "", null, opts)
      assert.ok(result.items.length > 0)
    }
  })
})
