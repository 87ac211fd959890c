// search.js as the browser runs it, a classic script in a global scope of its
// own: Material's worker protocol (SETUP 0 -> READY 1, QUERY 2 -> RESULT 3),
// and the roles it plays in a page and in the file:// shim's frame.
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { describe, test } from "node:test"
import vm from "node:vm"

import { DOCS, libraryShards } from "./fixture.mjs"

const SOURCE = readFileSync(new URL("../../overrides/assets/javascripts/search/search.js", import.meta.url), "utf8")
const LIBRARY = readFileSync(new URL("../../overrides/assets/javascripts/search/library.js", import.meta.url), "utf8")
const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3

/* Run search.js in a fresh global scope; `extra` adds globals such as window */
function load(extra = {}) {
  const listeners = []
  const posted = []
  const scope = {
    addEventListener(type, listener) {
      listeners.push([type, listener])
    },
    postMessage(data) {
      posted.push(data)
    },
    ...extra
  }
  vm.createContext(scope)
  vm.runInContext(SOURCE, scope, { filename: "search.js" })
  // objects from the script's own realm, compared here as plain data
  const send = (data) => {
    const before = posted.length
    for (const [type, listener] of listeners) if (type === "message") listener({ data })
    return posted.slice(before).map((reply) => JSON.parse(JSON.stringify(reply)))
  }
  return { scope, listeners, send }
}

describe("as Material's search worker", () => {
  test("SETUP is answered READY, a QUERY with its RESULT", () => {
    const { send } = load()
    assert.deepEqual(send({ type: SETUP, data: { docs: DOCS, options: { suggest: true } } }), [{ type: READY }])
    const [reply] = send({ type: QUERY, data: "四大" })
    assert.equal(reply.type, RESULT)
    assert.deepEqual(
      reply.data.items.map((group) => group[0].location),
      ["part-1-leadership-team/#daitouren", "glossary/#sida-sanku", "about/#source"]
    )
    assert.deepEqual(reply.data.suggest, ["四大三苦"])
  })

  test("the options come with SETUP: no suggestions unless asked for", () => {
    const { send } = load()
    send({ type: SETUP, data: { docs: DOCS } })
    const [reply] = send({ type: QUERY, data: "四大" })
    assert.equal(reply.data.suggest, undefined)
  })

  test("a query that fails is answered with nothing found, never an error", () => {
    const { send } = load()
    // no SETUP yet: there is no index to search
    assert.deepEqual(send({ type: QUERY, data: "四大三苦" }), [{ type: RESULT, data: { items: [] } }])
  })

  test("a malformed index entry is skipped: the search still becomes ready and answers", () => {
    const { send } = load()
    const broken = [null, 7, "text", [], { location: "x/", title: null, text: "四大" }, { title: "四大" }]
    const docs = [...DOCS.slice(0, 1), ...broken, ...DOCS.slice(1)]
    assert.deepEqual(send({ type: SETUP, data: { docs } }), [{ type: READY }])
    const [reply] = send({ type: QUERY, data: "四大" })
    assert.deepEqual(
      reply.data.items.map((group) => group[0].location),
      ["part-1-leadership-team/#daitouren", "glossary/#sida-sanku", "about/#source"]
    )
    // an index that is not a list at all, or no data: ready, and nothing found
    assert.deepEqual(send({ type: SETUP, data: { docs: { 0: DOCS[0] } } }), [{ type: READY }])
    assert.deepEqual(send({ type: SETUP }), [{ type: READY }])
    assert.deepEqual(send({ type: QUERY, data: "四大" }), [{ type: RESULT, data: { items: [] } }])
  })

  test("messages of other types, or none, are not answered", () => {
    const { send } = load()
    send({ type: SETUP, data: { docs: DOCS } })
    assert.deepEqual(send({ type: RESULT, data: {} }), [])
    assert.deepEqual(send({ type: 99 }), [])
    assert.deepEqual(send(null), [])
    assert.deepEqual(send("四大三苦"), [])
  })
})

describe("a library's search is loaded only for a library", () => {
  const LIB = { path: "search/shards", ext: ".json", shards: 4, pages: 0, docs: 0, speeches: [] }
  const at = "https://example.org/assets/javascripts/search/search.js"

  test("a one-speech site's worker never loads library.js", () => {
    const imported = []
    const { send } = load({ importScripts: (url) => imported.push(url), location: new URL(at) })
    assert.deepEqual(send({ type: SETUP, data: { docs: DOCS } }), [{ type: READY }])
    send({ type: QUERY, data: "四大" })
    assert.deepEqual(imported, [])
  })

  test("a library's worker imports library.js beside itself, then answers READY", async () => {
    const imported = []
    const worker = load({ location: new URL(at), URL })
    worker.scope.importScripts = (url) => {
      imported.push(url)
      vm.runInContext(LIBRARY, worker.scope, { filename: "library.js" })
    }
    const posted = []
    worker.scope.postMessage = (data) => posted.push(data)
    for (const [type, listener] of worker.listeners)
      if (type === "message") listener({ data: { type: SETUP, data: { config: { library: LIB }, docs: [] } } })
    await new Promise((resolve) => setTimeout(resolve, 0))
    assert.deepEqual(imported, ["https://example.org/assets/javascripts/search/library.js"])
    assert.deepEqual(JSON.parse(JSON.stringify(posted)), [{ type: READY }])
    assert.equal(typeof worker.scope.SearchCore.library, "function")
  })
})

test("a library whose search code cannot load still answers READY, and finds nothing", async () => {
  const worker = load({ location: new URL("https://example.org/assets/javascripts/search/search.js"), URL })
  worker.scope.importScripts = () => {
    throw new Error("404")
  }
  const posted = []
  worker.scope.postMessage = (data) => posted.push(JSON.parse(JSON.stringify(data)))
  const send = (data) => {
    for (const [type, listener] of worker.listeners) if (type === "message") listener({ data })
    return new Promise((resolve) => setTimeout(resolve, 0))
  }
  const lib = { path: "search/shards", ext: ".json", shards: 4, pages: 0, docs: 0, speeches: [] }
  await send({ type: SETUP, data: { config: { library: lib }, docs: [] } })
  await send({ type: QUERY, data: "四大" })
  assert.deepEqual(posted, [{ type: READY }, { type: RESULT, data: { items: [] } }])
})

describe("a library's worker answers as its sections load", () => {
  const MANY = [["many", "长讲话", Array.from({ length: 12 }, (_, i) => [`many/#s${i}`, `（${i}）小节`, `第${i}段：要把支部建设好。`])]]

  /* a library worker whose fetch serves the shards of MANY */
  async function libraryWorker() {
    const { lib, files } = libraryShards(MANY, [], 8)
    const worker = load({ location: new URL("https://example.org/assets/javascripts/search/search.js"), URL })
    worker.scope.importScripts = () => vm.runInContext(LIBRARY, worker.scope, { filename: "library.js" })
    worker.scope.fetch = (url) => {
      const key = String(url).split("/search/shards/")[1].replace(/\.json$/, "")
      return Promise.resolve({ ok: true, json: () => Promise.resolve(JSON.parse(JSON.stringify(files.get(key)))) })
    }
    const posted = []
    worker.scope.postMessage = (data) => posted.push(JSON.parse(JSON.stringify(data)))
    const send = (data) => {
      for (const [type, listener] of worker.listeners) if (type === "message") listener({ data })
    }
    send({ type: SETUP, data: { config: { library: lib }, docs: [] } })
    await new Promise((resolve) => setTimeout(resolve, 0))
    posted.length = 0
    return { send, posted }
  }
  const settled = () => new Promise((resolve) => setTimeout(resolve, 10))
  const where = (reply) => reply.data.items.map((group) => group[0].location)

  test("the first result comes marked `more`, then the whole answer unmarked", async () => {
    const { send, posted } = await libraryWorker()
    send({ type: QUERY, data: "支部建设" })
    await settled()
    assert.deepEqual(posted.map((reply) => [reply.type, reply.data.more === true, where(reply).length, reply.data.capped === true]), [
      [RESULT, true, 1, false],
      [RESULT, false, 9, true] // nine of twelve: the answer says there may be more
    ])
  })

  test("a newer query silences an older one: only its answers are posted", async () => {
    const { send, posted } = await libraryWorker()
    send({ type: QUERY, data: "支部建设" })
    send({ type: QUERY, data: "第5段" })
    await settled()
    assert.deepEqual(posted.map(where), [["many/#s5"]])
  })
})

describe("the other roles of the same script", () => {
  test("loaded into a page it defines SearchCore and starts no worker", () => {
    const { scope, listeners } = load({ window: {} })
    assert.deepEqual(listeners, [])
    assert.equal(typeof scope.SearchCore.normalize, "function")
    assert.equal(scope.SearchCore.normalize("六个不能、五个通气").text, "六个不能五个通气")
  })

  test("in the file:// shim's frame it is the worker", () => {
    const { send } = load({ window: { __searchWorkerFrame: true } })
    assert.deepEqual(send({ type: SETUP, data: { docs: DOCS } }), [{ type: READY }])
  })

  test("where `module` exists (Node) it exports the core and starts no worker", () => {
    const module = { exports: {} }
    const { scope, listeners } = load({ module })
    assert.deepEqual(listeners, [])
    assert.equal(module.exports, scope.SearchCore)
  })
})
