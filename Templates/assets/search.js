/*
 * kb search client. Hand-written, no libraries, no eval; index data only ever reaches the page through
 * textContent / createTextNode, never as HTML.
 *
 * DOM contract (also in README.md, "## Search"):
 * - <meta name="kb-base" content="/sub/path/"> gives the site root (default "/"). The index is read from
 *   <base>search/index.json. Article URLs in the index that start with "/" are used as they are (kb build
 *   writes them with the base path); other relative URLs resolve against <base>.
 * - Search page: <ol id="search-results"> receives one <li class="search-result"> per result, best first:
 *     <li class="search-result"><a href="ARTICLE"><span class="badge badge-5xx" aria-hidden="true">502</span>
 *       <span class="search-title">TITLE</span></a>
 *       <p class="search-snippet"><span class="search-section">HEADING</span> text <mark>word</mark> text</p></li>
 *   The query is ?q= (and <input id="search-page-input">, when present, which re-runs the search as you type).
 *   The <ol> gets data-state="loading" | "done" | "error" and data-count; an optional
 *   <div id="search-status"> gets a one-line status ("3 results for “502”.", "Searching…"). With no results, a
 *   <div id="search-empty"> after the <ol> holds a message, links to close terms (?q=term) and a link to the
 *   list of all errors (<base>#all-errors).
 * - Every page: <form role="search"> with <input id="search-input" type="search" name="q"> shows results as
 *   you type (100 ms debounce) in <div id="search-suggestions" class="search-suggestions"> (created after
 *   the input if absent), as <a class="search-suggestion" role="option"> items. Keys: ArrowDown/ArrowUp
 *   move, Enter opens the highlighted result (or submits the form to <base>search/?q=), Escape closes, "/"
 *   focuses the box unless the reader is typing in a field.
 * - window.kbSearch = { tokens, search, bestPassage, version } is exposed for tests.
 */
(function () {
  'use strict';

  // ---------------------------------------------------------------- Tokenizer (README "Tokenization")

  const STOP_WORDS = new Set(['a', 'an', 'and', 'are', 'as', 'at', 'be', 'been', 'by', 'do', 'does', 'for',
    'from', 'how', 'i', 'in', 'is', 'it', 'its', 'me', 'my', 'of', 'on', 'or', 'our', 'that', 'the', 'this',
    'to', 'was', 'we', 'were', 'what', 'when', 'where', 'which', 'who', 'why', 'with', 'you', 'your']);
  const MAX_WORD_LENGTH = 40;
  const SPECIAL_FOLDS = new Map([[0xDF, 'ss'], [0xE6, 'ae'], [0x153, 'oe'], [0xF8, 'o'], [0x111, 'd'],
    [0x142, 'l'], [0x131, 'i'], [0x3C2, 'σ'], [0xFE, 'th'], [0xF0, 'd']]);
  const WORD_CHAR = /^[\p{L}\p{N}]$/u;
  const NONSPACING_MARK = /^\p{Mn}$/u;

  const WORD = 0, SEPARATOR = 1, APOSTROPHE = 2, IGNORED = 3;
  const foldCache = new Map();

  // The folded unit of one code point: [kind, text].
  function foldCodePoint(cp) {
    if (cp < 0x80) {
      if (cp >= 0x41 && cp <= 0x5A) return [WORD, String.fromCharCode(cp + 32)];
      if ((cp >= 0x61 && cp <= 0x7A) || (cp >= 0x30 && cp <= 0x39)) return [WORD, String.fromCharCode(cp)];
      return cp === 0x27 ? [APOSTROPHE, ''] : [SEPARATOR, ''];
    }
    if (cp === 0x2019) return [APOSTROPHE, ''];
    const cached = foldCache.get(cp);
    if (cached) return cached;
    const decomposed = String.fromCodePoint(cp).normalize('NFD').toLowerCase();
    let folded = '';
    let sawSeparator = false;
    for (const part of decomposed) {
      if (NONSPACING_MARK.test(part)) continue;
      const special = SPECIAL_FOLDS.get(part.codePointAt(0));
      if (special !== undefined) { folded += special; continue; }
      if (WORD_CHAR.test(part)) folded += part; else sawSeparator = true;
    }
    const unit = sawSeparator ? [SEPARATOR, ''] : folded === '' ? [IGNORED, ''] : [WORD, folded];
    foldCache.set(cp, unit);
    return unit;
  }

  function codePointLength(cp) { return cp > 0xFFFF ? 2 : 1; }

  // Folded words of `text` with their UTF-16 offsets in it: [{word, start, end}].
  function words(text) {
    const result = [];
    let word = '';
    let length = 0;
    let start = 0;
    let end = 0;
    const finish = () => {
      if (word !== '' && length <= MAX_WORD_LENGTH) result.push({ word, start, end });
      word = ''; length = 0;
    };
    let i = 0;
    while (i < text.length) {
      const cp = text.codePointAt(i);
      const next = i + codePointLength(cp);
      const [kind, folded] = foldCodePoint(cp);
      if (kind === WORD) {
        if (word === '') start = i;
        word += folded;
        length += folded.length === 1 ? 1 : Array.from(folded).length;
        end = next;
        i = next;
      } else if (kind === IGNORED) {
        if (word !== '') end = next;
        i = next;
      } else if (kind === SEPARATOR) {
        finish();
        i = next;
      } else {
        i = next;
        if (word === '' || i >= text.length) { finish(); continue; }
        const following = text.codePointAt(i);
        const afterFollowing = i + codePointLength(following);
        const [followingKind, followingText] = foldCodePoint(following);
        if (followingKind !== WORD) { finish(); continue; }
        if (followingText === 's') {
          const possessive = afterFollowing >= text.length ||
            foldCodePoint(text.codePointAt(afterFollowing))[0] !== WORD;
          if (possessive) { end = afterFollowing; i = afterFollowing; finish(); continue; }
        }
        // An apostrophe inside a word joins its halves ("don't" -> "dont").
      }
    }
    finish();
    return result;
  }

  const isVowel = (c) => c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y';

  function hasVowel(word, end) {
    for (let i = 0; i < end; i++) if (isVowel(word[i])) return true;
    return false;
  }

  // The light English stemmer (README "Tokenization", step 5).
  function stem(input) {
    if (input.length <= 3 || !/^[a-z]+$/.test(input)) return input;
    let word = input;
    if (word.endsWith('ies') && word.length >= 5) word = word.slice(0, -3) + 'y';
    else if (word.endsWith('sses')) word = word.slice(0, -2);
    else if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) {
      word = word.slice(0, -1);
    }
    let stripped = false;
    if (word.endsWith('ied') && word.length >= 5) {
      word = word.slice(0, -3) + 'y';
    } else if (word.endsWith('ing') && word.length - 3 >= 3 && hasVowel(word, word.length - 3)) {
      word = word.slice(0, -3); stripped = true;
    } else if (word.endsWith('ed') && !word.endsWith('eed') && word.length - 2 >= 3 &&
               hasVowel(word, word.length - 2)) {
      word = word.slice(0, -2); stripped = true;
    }
    if (stripped && word.length >= 2) {
      const last = word[word.length - 1];
      if (last === word[word.length - 2] && !isVowel(last) && last !== 'l' && last !== 's' && last !== 'z') {
        word = word.slice(0, -1);
      }
    }
    if (word.length >= 4 && word.endsWith('e') && !word.endsWith('ee')) word = word.slice(0, -1);
    return word;
  }

  function termOf(word) { return STOP_WORDS.has(word) ? null : stem(word); }

  function tokens(text) {
    const result = [];
    for (const w of words(String(text))) {
      const term = termOf(w.word);
      if (term !== null) result.push(term);
    }
    return result;
  }

  // ---------------------------------------------------------------- Index access

  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const B64_VALUE = new Int8Array(128).fill(-1);
  for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i;

  // Posting string -> flat [doc, score, doc, score, ...] (README "Postings").
  function decodePostings(text) {
    const out = [];
    let doc = 0;
    let i = 0;
    while (i < text.length) {
      let gap = 0, shift = 0, digit;
      do {
        digit = i < text.length ? B64_VALUE[text.charCodeAt(i) & 127] : -1;
        if (digit < 0 || shift > 30) return out;
        i++;
        gap += (digit & 31) * Math.pow(2, shift);
        shift += 5;
      } while (digit & 32);
      const score = i < text.length ? B64_VALUE[text.charCodeAt(i) & 127] : -1;
      if (score < 0) return out;
      i++;
      doc += gap;
      out.push(doc, score);
    }
    return out;
  }

  function siteBase() {
    const meta = document.querySelector('meta[name="kb-base"]');
    let base = meta && meta.getAttribute('content') ? meta.getAttribute('content') : '/';
    if (!base.endsWith('/')) base += '/';
    return base;
  }

  // Every fetched file stays in memory, so the search keeps working offline once loaded.
  const files = new Map();
  function fetchJSON(path) {
    let pending = files.get(path);
    if (!pending) {
      pending = fetch(siteBase() + 'search/' + path, { credentials: 'same-origin' }).then((response) => {
        if (!response.ok) throw new Error('search index: ' + path + ' answered ' + response.status);
        return response.json();
      });
      pending.catch(() => files.delete(path));
      files.set(path, pending);
    }
    return pending;
  }

  function lastIndexAtMost(sorted, value) {
    let low = 0, high = sorted.length - 1, found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (sorted[mid] <= value) { found = mid; low = mid + 1; } else high = mid - 1;
    }
    return found;
  }

  function firstIndexAtLeast(sorted, value) {
    let low = 0, high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (sorted[mid] < value) low = mid + 1; else high = mid;
    }
    return low;
  }

  class SearchIndex {
    constructor(manifest) {
      this.manifest = manifest;
      this.count = manifest.documents || 0;
      this.steps = manifest.scoreSteps || 9;
      this.decoded = new Map();
      this.shardKeys = new Map();
      if (manifest.layout === 'single') {
        const terms = manifest.terms || {};
        this.shardKeys.set(0, { terms, keys: Object.keys(terms).sort() });
      }
    }

    shardOf(term) {
      const bounds = this.manifest.shards || [];
      return Math.max(0, lastIndexAtMost(bounds, term));
    }

    async shard(number) {
      const known = this.shardKeys.get(number);
      if (known) return known;
      const terms = await fetchJSON('terms/' + number + '.json');
      const entry = { terms, keys: Object.keys(terms).sort() };
      this.shardKeys.set(number, entry);
      return entry;
    }

    // Flat [doc, score, ...] of a term, or null when the index does not hold it.
    async postings(term) {
      if (this.decoded.has(term)) return this.decoded.get(term);
      const shard = await this.shard(this.manifest.layout === 'single' ? 0 : this.shardOf(term));
      const text = Object.prototype.hasOwnProperty.call(shard.terms, term) ? shard.terms[term] : null;
      const list = typeof text === 'string' ? decodePostings(text) : null;
      this.decoded.set(term, list);
      return list;
    }

    // Word terms (no phrases, no codes) that start with `prefix`, from at most three shards, the most
    // frequent first (by the length of their postings, so nothing is decoded); with `phrases`, phrase terms
    // ("first second") instead.
    async termsWithPrefix(prefix, phrases) {
      let first = 0, last = 0;
      if (this.manifest.layout !== 'single') {
        first = this.shardOf(prefix);
        last = Math.min(this.shardOf(prefix + '\uffff'), first + 2);
      }
      const found = [];
      for (let number = first; number <= last; number++) {
        const shard = await this.shard(number);
        for (let i = firstIndexAtLeast(shard.keys, prefix); i < shard.keys.length; i++) {
          const key = shard.keys[i];
          if (!key.startsWith(prefix)) break;
          if ((key.indexOf(' ') >= 0) === Boolean(phrases)) found.push({ key, size: String(shard.terms[key]).length });
        }
      }
      found.sort((x, y) => y.size - x.size || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
      return found.map((entry) => entry.key);
    }

    // Vocabulary words whose length (in code points) lies within [low, high].
    async vocabulary(low, high) {
      if (this.manifest.layout === 'single') {
        return (this.manifest.vocabulary || []).filter((w) => {
          const length = Array.from(w).length;
          return length >= low && length <= high;
        });
      }
      const available = this.manifest.vocabularyLengths || [];
      const wanted = available.filter((n) => n >= Math.min(low, 16) && n <= Math.min(high, 16));
      const lists = await Promise.all(wanted.map((n) => fetchJSON('vocabulary/' + n + '.json')));
      return [].concat(...lists);
    }

    async doc(id) {
      if (this.manifest.layout === 'single') return (this.manifest.docs || [])[id] || null;
      const per = this.manifest.documentsPerChunk || 1;
      const chunk = await fetchJSON('docs/' + Math.floor(id / per) + '.json');
      return chunk[id % per] || null;
    }

    idf(df) { return Math.log(1 + (this.count - df + 0.5) / (df + 0.5)); }

    partial(score) { return Math.pow(2, score / this.steps) - 1; }
  }

  let indexPromise = null;
  function loadIndex() {
    if (!indexPromise) {
      indexPromise = fetchJSON('index.json').then((manifest) => new SearchIndex(manifest));
      indexPromise.catch(() => { indexPromise = null; });
    }
    return indexPromise;
  }

  // ---------------------------------------------------------------- Ranking (README "Ranking")

  // Optimal string alignment distance (a swap of neighbours is one edit), or max + 1 when beyond max.
  function editDistance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let previous2 = null;
    let previous = new Array(b.length + 1);
    for (let j = 0; j <= b.length; j++) previous[j] = j;
    for (let i = 1; i <= a.length; i++) {
      const current = new Array(b.length + 1);
      current[0] = i;
      let rowMin = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (previous2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, previous2[j - 2] + 1);
        }
        current[j] = value;
        if (value < rowMin) rowMin = value;
      }
      if (rowMin > max) return max + 1;
      previous2 = previous;
      previous = current;
    }
    return previous[b.length];
  }

  function allowedEdits(word) { return word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0; }

  // Vocabulary words within `max` edits of `word`, nearest first.
  async function closeWords(index, word, max, limit) {
    const chars = Array.from(word);
    const candidates = await index.vocabulary(chars.length - max, chars.length + max);
    const scored = [];
    for (const candidate of candidates) {
      if (candidate === word) continue;
      const distance = editDistance(chars, Array.from(candidate), max);
      if (distance <= max) scored.push({ word: candidate, distance });
    }
    scored.sort((x, y) => x.distance - y.distance || (x.word < y.word ? -1 : x.word > y.word ? 1 : 0));
    return scored.slice(0, limit);
  }

  const FACTOR_PREFIX = 0.8;
  const FACTOR_TYPO = [1, 0.6, 0.4];
  const CODE_BOOST = 1000;
  const MAX_PREFIX_TERMS = 12;
  const MAX_QUERY_WORDS = 16;
  const FACTOR_LOOSE_PHRASE = 0.5;
  const MAX_LOOSE_PHRASE_WORDS = 6;

  // Query -> groups, one per meaningful word: {word, term, prefix}.
  function parseQuery(raw, allowPrefix) {
    const found = words(raw);
    const groups = [];
    found.forEach((w, k) => {
      const isLast = k === found.length - 1 && w.end === raw.length;
      const term = termOf(w.word);
      const prefix = allowPrefix && isLast && w.word.length >= 2 ? w.word : null;
      if (term !== null || prefix !== null) groups.push({ word: w.word, term, prefix, variants: [] });
    });
    // A pasted page of text should not turn into hundreds of lookups.
    return groups.slice(0, MAX_QUERY_WORDS);
  }

  async function expandGroup(index, group) {
    if (group.term !== null) {
      const list = await index.postings(group.term);
      if (list && list.length) group.variants.push({ term: group.term, factor: 1, list });
    }
    if (group.prefix !== null) {
      const completions = (await index.termsWithPrefix(group.prefix)).filter((term) => term !== group.term);
      for (const term of completions.slice(0, MAX_PREFIX_TERMS)) {
        const list = await index.postings(term);
        if (list && list.length) group.variants.push({ term, factor: FACTOR_PREFIX, list });
      }
    }
    const max = allowedEdits(group.word);
    if (group.variants.length === 0 && max > 0 && !/[0-9]/.test(group.word)) {
      for (const close of await closeWords(index, group.word, max, 4)) {
        const term = termOf(close.word);
        if (term === null) continue;
        const list = await index.postings(term);
        if (list && list.length) group.variants.push({ term, factor: FACTOR_TYPO[close.distance], list });
      }
    }
  }

  // Ranks documents for `raw`; returns {ranked: [{id, score}], groups, terms: Set of matched terms}.
  async function rank(index, raw, allowPrefix) {
    const groups = parseQuery(raw, allowPrefix);
    await Promise.all(groups.map((group) => expandGroup(index, group)));
    const scores = new Map();
    const matched = new Map();
    const terms = new Set();
    let active = 0;
    for (const group of groups) {
      if (group.variants.length === 0) continue;
      active++;
      const best = new Map();
      for (const variant of group.variants) {
        terms.add(variant.term);
        const idf = index.idf(variant.list.length / 2);
        for (let i = 0; i < variant.list.length; i += 2) {
          const value = variant.factor * idf * index.partial(variant.list[i + 1]);
          const doc = variant.list[i];
          if (!(best.get(doc) >= value)) best.set(doc, value);
        }
      }
      for (const [doc, value] of best) {
        scores.set(doc, (scores.get(doc) || 0) + value);
        matched.set(doc, (matched.get(doc) || 0) + 1);
      }
    }
    // Coordination: an article matching every meaningful word beats one matching a single word strongly.
    for (const [doc, value] of scores) scores.set(doc, value * matched.get(doc) / Math.max(1, active));
    // Query words forming a phrase of a title, alias, keyword or tag: adjacent and in order (×1), or in
    // reverse order or one word apart (×0.5, short queries only): "page was deleted" ~ "deleted page".
    const phrases = new Map();
    const reach = groups.length <= MAX_LOOSE_PHRASE_WORDS ? 2 : 1;
    const addPhrase = (phrase, factor) => { if (!(phrases.get(phrase) >= factor)) phrases.set(phrase, factor); };
    for (let k = 0; k < groups.length; k++) {
      for (let gap = 1; gap <= reach && k + gap < groups.length; gap++) {
        const first = groups[k].term, second = groups[k + gap].term;
        if (first === null || second === null || first === second) continue;
        addPhrase(first + ' ' + second, gap === 1 ? 1 : FACTOR_LOOSE_PHRASE);
        if (reach > 1) addPhrase(second + ' ' + first, FACTOR_LOOSE_PHRASE);
      }
    }
    const phraseLists = await Promise.all(Array.from(phrases.keys(), (phrase) => index.postings(phrase)));
    Array.from(phrases.values()).forEach((factor, n) => {
      const list = phraseLists[n];
      if (!list) return;
      const idf = index.idf(list.length / 2);
      for (let i = 0; i < list.length; i += 2) {
        if (scores.has(list[i])) scores.set(list[i], scores.get(list[i]) + factor * idf * index.partial(list[i + 1]));
      }
    });
    // While typing, the last word may complete a phrase: "too many req" -> "many request".
    const last = groups[groups.length - 1];
    const before = groups.length >= 2 ? groups[groups.length - 2].term : null;
    if (last && last.prefix !== null && before !== null) {
      const best = new Map();
      for (const phrase of (await index.termsWithPrefix(before + ' ' + last.prefix, true)).slice(0, MAX_PREFIX_TERMS)) {
        if (phrase === before + ' ' + last.term) continue;
        const list = await index.postings(phrase);
        if (!list) continue;
        const idf = index.idf(list.length / 2);
        for (let i = 0; i < list.length; i += 2) {
          const value = FACTOR_PREFIX * idf * index.partial(list[i + 1]);
          if (!(best.get(list[i]) >= value)) best.set(list[i], value);
        }
      }
      for (const [doc, value] of best) if (scores.has(doc)) scores.set(doc, scores.get(doc) + value);
    }
    // A status code in the query puts the articles about that status first.
    for (const group of groups) {
      if (group.term === null || !/^[1-5][0-9][0-9]$/.test(group.term)) continue;
      const list = await index.postings('#' + group.term);
      if (!list) continue;
      for (let i = 0; i < list.length; i += 2) scores.set(list[i], (scores.get(list[i]) || 0) + CODE_BOOST);
    }
    const ranked = Array.from(scores, ([id, score]) => ({ id, score }));
    ranked.sort((x, y) => y.score - x.score || x.id - y.id);
    return { ranked, groups, terms };
  }

  // Close vocabulary words for a query without results.
  async function suggestions(index, groups) {
    const seen = new Set();
    const found = [];
    for (const group of groups) {
      if (group.word.length < 3 || /[0-9]/.test(group.word)) continue;
      const max = group.word.length >= 8 ? 3 : 2;
      for (const close of await closeWords(index, group.word, max, 5)) {
        if (!seen.has(close.word)) { seen.add(close.word); found.push(close); }
      }
    }
    found.sort((x, y) => x.distance - y.distance);
    return found.slice(0, 5).map((close) => close.word);
  }

  // Full search: ranked results with their index records (at most `limit`).
  async function search(raw, options) {
    const settings = Object.assign({ limit: 20, prefix: true }, options || {});
    const index = await loadIndex();
    const { ranked, groups, terms } = await rank(index, String(raw), settings.prefix);
    const top = ranked.slice(0, settings.limit);
    const records = await Promise.all(top.map((result) => index.doc(result.id)));
    const results = [];
    top.forEach((result, k) => {
      const record = records[k];
      if (record) results.push({ id: result.id, score: result.score, url: record.u, title: record.t,
        code: record.c === undefined ? null : record.c, passages: record.p || [] });
    });
    const close = results.length === 0 ? await suggestions(index, groups) : [];
    return { query: String(raw), total: ranked.length, results, terms, groups, suggestions: close };
  }

  // ---------------------------------------------------------------- Rendering (text only)

  function element(name, className, text) {
    const node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // Index URLs starting with "/" are site paths already (kb build writes them with the base path); other
  // relative URLs resolve against kb-base. Only http(s) schemes are followed.
  function articleHref(url) {
    const value = String(url || '');
    if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return /^https?:/i.test(value) ? value : '#';
    if (value.startsWith('//')) return '#';
    return value.startsWith('/') ? value : siteBase() + value;
  }

  function wordMatches(word, response) {
    const term = termOf(word);
    if (term !== null && response.terms.has(term)) return true;
    return response.groups.some((group) => group.prefix !== null && word.startsWith(group.prefix));
  }

  // The passage with the most distinct matched words (the summary when none match); on a tie, one of the
  // article's own passages wins over an aside about other codes (marked by a third element, 1).
  function bestPassage(result, response) {
    let best = null, bestScore = 0, bestAside = false;
    for (const passage of result.passages) {
      if (!Array.isArray(passage) || typeof passage[1] !== 'string') continue;
      const aside = passage[2] === 1;
      const distinct = new Set();
      for (const w of words(passage[1])) if (wordMatches(w.word, response)) distinct.add(termOf(w.word) || w.word);
      if (best === null || distinct.size > bestScore || (distinct.size === bestScore && bestAside && !aside)) {
        best = passage; bestScore = distinct.size; bestAside = aside;
      }
    }
    return best;
  }

  function snippetNode(result, response) {
    const paragraph = element('p', 'search-snippet');
    const passage = bestPassage(result, response);
    if (!passage) return paragraph;
    const heading = typeof passage[0] === 'string' ? passage[0] : '';
    const text = passage[1];
    if (heading !== '') {
      paragraph.appendChild(element('span', 'search-section', heading));
      paragraph.appendChild(document.createTextNode(' '));
    }
    let position = 0;
    for (const w of words(text)) {
      if (!wordMatches(w.word, response)) continue;
      if (w.start > position) paragraph.appendChild(document.createTextNode(text.slice(position, w.start)));
      paragraph.appendChild(element('mark', null, text.slice(w.start, w.end)));
      position = w.end;
    }
    if (position < text.length) paragraph.appendChild(document.createTextNode(text.slice(position)));
    return paragraph;
  }

  // The badge classes follow the theme's: badge-4xx, badge-5xx, badge-other, and badge-guide for guides.
  function resultContent(link, result) {
    const code = Number(result.code);
    let badge;
    if (result.code !== null && result.code !== undefined) {
      const family = code >= 500 ? 'badge-5xx' : code >= 400 ? 'badge-4xx' : 'badge-other';
      badge = element('span', 'badge ' + family, result.code);
    } else {
      badge = element('span', 'badge badge-guide', 'Guide');
    }
    badge.setAttribute('aria-hidden', 'true');
    link.appendChild(badge);
    link.appendChild(document.createTextNode(' '));
    link.appendChild(element('span', 'search-title', result.title));
  }

  function renderEmpty(list, response) {
    let box = document.getElementById('search-empty');
    if (!box) {
      box = element('div');
      box.id = 'search-empty';
      list.parentNode.insertBefore(box, list.nextSibling);
    }
    box.textContent = '';
    if (response === null || response.results.length > 0) { box.hidden = true; return; }
    box.hidden = false;
    box.appendChild(element('p', 'search-empty-message',
      response.query.trim() === '' ? 'Type a word, a phrase or an error code to search.'
        : 'No articles match “' + response.query + '”.'));
    if (response.suggestions.length > 0) {
      const line = element('p', 'search-did-you-mean', 'Did you mean: ');
      response.suggestions.forEach((word, k) => {
        if (k > 0) line.appendChild(document.createTextNode(', '));
        const link = element('a', 'search-suggested-term', word);
        link.href = siteBase() + 'search/?q=' + encodeURIComponent(word);
        line.appendChild(link);
      });
      line.appendChild(document.createTextNode('?'));
      box.appendChild(line);
    }
    const all = element('p', 'search-all-errors');
    const link = element('a', null, 'Browse the list of all errors');
    link.href = siteBase() + '#all-errors';
    all.appendChild(link);
    box.appendChild(all);
  }

  function renderResults(list, response) {
    list.textContent = '';
    for (const result of response.results) {
      const item = element('li', 'search-result');
      const link = element('a');
      link.href = articleHref(result.url);
      resultContent(link, result);
      item.appendChild(link);
      item.appendChild(snippetNode(result, response));
      list.appendChild(item);
    }
    list.setAttribute('data-count', String(response.results.length));
    renderEmpty(list, response);
  }

  function debounce(fn, delay) {
    let timer = null;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), delay); };
  }

  // ---------------------------------------------------------------- Search page

  function setUpResultsPage() {
    const list = document.getElementById('search-results');
    if (!list) return;
    const input = document.getElementById('search-page-input');
    const params = new URLSearchParams(window.location.search);
    const initial = params.get('q') || '';
    if (input) input.value = initial;
    const status = document.getElementById('search-status');
    const say = (text) => { if (status) status.textContent = text; };
    let sequence = 0;
    const run = async (query) => {
      const mine = ++sequence;
      if (query.trim() === '') {
        list.textContent = '';
        list.setAttribute('data-count', '0');
        renderEmpty(list, { query, results: [], suggestions: [] });
        say('');
        list.setAttribute('data-state', 'done');
        return;
      }
      list.setAttribute('data-state', 'loading');
      say('Searching…');
      try {
        const response = await search(query, { limit: 20 });
        if (mine !== sequence) return;
        renderResults(list, response);
        const shown = response.results.length;
        say(shown === 0 ? '' : shown < response.total
          ? 'Best ' + shown + ' of ' + response.total + ' results for “' + query + '”.'
          : shown + (shown === 1 ? ' result' : ' results') + ' for “' + query + '”.');
        list.setAttribute('data-state', 'done');
      } catch (error) {
        if (mine !== sequence) return;
        list.setAttribute('data-state', 'error');
        list.textContent = '';
        say('Search is unavailable: ' + error.message);
      }
    };
    run(initial);
    if (input) {
      input.addEventListener('input', debounce(() => {
        const url = new URL(window.location.href);
        url.searchParams.set('q', input.value);
        window.history.replaceState(null, '', url.toString());
        run(input.value);
      }, 100));
    }
  }

  // ---------------------------------------------------------------- Header box with suggestions

  function setUpHeaderBox() {
    const input = document.getElementById('search-input');
    if (!input) return;
    const form = input.form || input.closest('form');
    if (form && !form.getAttribute('action')) form.setAttribute('action', siteBase() + 'search/');
    let box = document.getElementById('search-suggestions');
    if (!box) {
      box = element('div', 'search-suggestions');
      box.id = 'search-suggestions';
      input.parentNode.insertBefore(box, input.nextSibling);
    }
    box.setAttribute('role', 'listbox');
    box.hidden = true;
    input.setAttribute('autocomplete', 'off');
    input.setAttribute('aria-controls', 'search-suggestions');
    input.setAttribute('aria-expanded', 'false');
    let active = -1;
    let sequence = 0;

    const options = () => Array.from(box.querySelectorAll('.search-suggestion'));
    const close = () => {
      box.hidden = true; active = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    };
    const highlight = (next) => {
      const items = options();
      if (items.length === 0) return;
      active = (next + items.length) % items.length;
      items.forEach((item, k) => {
        item.classList.toggle('active', k === active);
        item.setAttribute('aria-selected', k === active ? 'true' : 'false');
      });
      input.setAttribute('aria-activedescendant', items[active].id);
    };

    const update = debounce(async () => {
      const query = input.value;
      const mine = ++sequence;
      if (query.trim() === '') { box.textContent = ''; close(); return; }
      let response;
      try { response = await search(query, { limit: 8 }); } catch (error) { return; }
      if (mine !== sequence) return;
      box.textContent = '';
      active = -1;
      response.results.forEach((result, k) => {
        const link = element('a', 'search-suggestion');
        link.id = 'search-suggestion-' + k;
        link.setAttribute('role', 'option');
        link.href = articleHref(result.url);
        resultContent(link, result);
        link.appendChild(snippetNode(result, response));
        box.appendChild(link);
      });
      if (response.results.length === 0) {
        box.appendChild(element('p', 'search-empty-message', 'No articles match “' + query + '”.'));
        for (const word of response.suggestions.slice(0, 3)) {
          const link = element('a', 'search-suggested-term', 'Did you mean “' + word + '”?');
          link.href = siteBase() + 'search/?q=' + encodeURIComponent(word);
          box.appendChild(link);
        }
        const all = element('a', 'search-all-errors', 'Browse the list of all errors');
        all.href = siteBase() + '#all-errors';
        box.appendChild(all);
      }
      box.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }, 100);

    input.addEventListener('input', update);
    input.addEventListener('focus', () => { if (input.value.trim() !== '') update(); });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown') { event.preventDefault(); if (!box.hidden) highlight(active + 1); }
      else if (event.key === 'ArrowUp') { event.preventDefault(); if (!box.hidden) highlight(active - 1); }
      else if (event.key === 'Escape') { if (!box.hidden) { event.preventDefault(); close(); } else input.blur(); }
      else if (event.key === 'Enter') {
        const items = options();
        if (!box.hidden && active >= 0 && items[active]) {
          event.preventDefault();
          window.location.href = items[active].href;
        }
      }
    });
    document.addEventListener('click', (event) => {
      if (event.target !== input && !box.contains(event.target)) close();
    });
    document.addEventListener('keydown', (event) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target;
      const tag = target && target.tagName ? target.tagName.toLowerCase() : '';
      if (tag === 'input' || tag === 'textarea' || tag === 'select' || (target && target.isContentEditable)) return;
      event.preventDefault();
      input.focus();
    });
  }

  window.kbSearch = Object.freeze({ tokens, search, bestPassage, version: 1 });

  function start() { setUpResultsPage(); setUpHeaderBox(); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
