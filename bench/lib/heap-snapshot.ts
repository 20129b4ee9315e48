// Heap snapshot arithmetic for the memory-per-connection figures: which
// objects appeared between two snapshots of the same process (V8 keeps an
// object's snapshot id across snapshots, so "new" is id > the first
// snapshot's highest id), grouped by constructor; what retains them
// (dominator tree: the bytes that would go if that object went); and the
// shortest path from the GC roots to a sample, ignoring weak edges.

interface Parsed {
  nodeFields: number;
  edgeFields: number;
  nodes: Uint32Array | number[];
  edges: Uint32Array | number[];
  strings: string[];
  nodeTypes: string[];
  edgeTypes: string[];
  firstEdge: Uint32Array;
  idx: { type: number; name: number; id: number; self: number; edgeCount: number };
  eIdx: { type: number; name: number; to: number };
}

export interface HeapSnapshot {
  maxId: number;
  nodeCount: number;
  /** Group rows for the objects with id > afterId. */
  groupsNewerThan(afterId: number): GroupRow[];
  /**
   * Retained sizes (dominator tree, weak edges ignored) of the new objects:
   * the new subtrees whose immediate dominator is old, the suspended async
   * functions (V8 Generators) by function, and closure contexts by their
   * variables.
   */
  retainedNewerThan(afterId: number): { subtrees: GroupRow[]; frames: GroupRow[]; contexts: GroupRow[] };
  /** Shortest retainer paths (root → object) of a few new objects of one group. */
  samplePaths(afterId: number, group: string, samples?: number): string[];
}

export interface GroupRow {
  group: string;
  count: number;
  bytes: number;
}


function parse(text: string): Parsed {
  const raw = JSON.parse(text) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
    nodes: number[];
    edges: number[];
    strings: string[];
  };
  const meta = raw.snapshot.meta;
  const nf = meta.node_fields;
  const ef = meta.edge_fields;
  const idx = {
    type: nf.indexOf('type'),
    name: nf.indexOf('name'),
    id: nf.indexOf('id'),
    self: nf.indexOf('self_size'),
    edgeCount: nf.indexOf('edge_count'),
  };
  const eIdx = { type: ef.indexOf('type'), name: ef.indexOf('name_or_index'), to: ef.indexOf('to_node') };
  const nodes = Uint32Array.from(raw.nodes);
  const edges = Uint32Array.from(raw.edges);
  const n = nodes.length / nf.length;
  const firstEdge = new Uint32Array(n + 1);
  for (let i = 0, e = 0; i < n; i++) {
    firstEdge[i] = e;
    e += nodes[i * nf.length + idx.edgeCount]! * ef.length;
    firstEdge[i + 1] = e;
  }
  return {
    nodeFields: nf.length,
    edgeFields: ef.length,
    nodes,
    edges,
    strings: raw.strings,
    nodeTypes: meta.node_types[0],
    edgeTypes: meta.edge_types[0],
    firstEdge,
    idx,
    eIdx,
  };
}

const ANONYMOUS_TYPES = new Set(['string', 'concatenated string', 'sliced string', 'number', 'bigint', 'symbol', 'regexp']);

export function readHeapSnapshot(text: string): HeapSnapshot {
  const p = parse(text);
  const n = p.nodes.length / p.nodeFields;
  const at = (i: number, f: number) => p.nodes[i * p.nodeFields + f]!;
  const typeOf = (i: number) => p.nodeTypes[at(i, p.idx.type)]!;
  const group = (i: number) => {
    const type = typeOf(i);
    if (ANONYMOUS_TYPES.has(type)) return `(${type})`;
    const name = p.strings[at(i, p.idx.name)]!;
    const short = name.length > 60 ? `${name.slice(0, 57)}…` : name;
    return type === 'object' ? short : `${short} [${type}]`;
  };
  const edgeName = (e: number) => {
    const type = p.edgeTypes[p.edges[e + p.eIdx.type]!]!;
    const v = p.edges[e + p.eIdx.name]!;
    return type === 'element' || type === 'hidden' ? `[${v}]` : type === 'internal' && /^\d+$/.test(p.strings[v] ?? '') ? `[${p.strings[v]}]` : p.strings[v]!;
  };
  let maxId = 0;
  for (let i = 0; i < n; i++) maxId = Math.max(maxId, at(i, p.idx.id));

  // Shortest paths from the root (node 0), skipping weak edges: parent node and edge per node.
  let tree: { parent: Int32Array; via: Int32Array } | null = null;
  const bfs = () => {
    if (tree) return tree;
    const parent = new Int32Array(n).fill(-1);
    const via = new Int32Array(n).fill(-1);
    const queue = new Uint32Array(n);
    let head = 0;
    let tail = 0;
    parent[0] = 0;
    queue[tail++] = 0;
    const weak = p.edgeTypes.indexOf('weak');
    while (head < tail) {
      const i = queue[head++]!;
      for (let e = p.firstEdge[i]!; e < p.firstEdge[i + 1]!; e += p.edgeFields) {
        if (p.edges[e + p.eIdx.type] === weak) continue;
        const to = p.edges[e + p.eIdx.to]! / p.nodeFields;
        if (parent[to] !== -1) continue;
        parent[to] = i;
        via[to] = e;
        queue[tail++] = to;
      }
    }
    return (tree = { parent, via });
  };
  const isNew = (i: number, afterId: number) => at(i, p.idx.id) > afterId;
  const edgesOf = (i: number) => {
    const out: { type: string; name: string; to: number }[] = [];
    for (let e = p.firstEdge[i]!; e < p.firstEdge[i + 1]!; e += p.edgeFields) {
      out.push({ type: p.edgeTypes[p.edges[e + p.eIdx.type]!]!, name: edgeName(e), to: p.edges[e + p.eIdx.to]! / p.nodeFields });
    }
    return out;
  };
  /** A suspended async function's name and file (the Generator's function → shared info → script). */
  const functionOf = (i: number) => {
    const fn = edgesOf(i).find((e) => e.name === 'function')?.to;
    if (fn === undefined) return '?';
    const script = edgesOf(edgesOf(fn).find((e) => e.name === 'shared')?.to ?? fn).find((e) => e.name === 'script')?.to;
    const file = script === undefined ? undefined : edgesOf(script).find((e) => e.name === 'name')?.to;
    const path = file === undefined ? '' : p.strings[at(file, p.idx.name)]!.replace(/^.*?(node_modules\/|\.next\/)/, '$1');
    return `${p.strings[at(fn, p.idx.name)] || '(anonymous)'}  ${path}`;
  };
  // Immediate dominators (Cooper, Harvey & Kennedy's iterative algorithm over
  // a post-order), skipping weak edges as V8's own retained sizes do.
  let dom: { idom: Int32Array; retained: Float64Array; reachable: Uint8Array } | null = null;
  const dominators = () => {
    if (dom) return dom;
    const weak = p.edgeTypes.indexOf('weak');
    const shortcut = p.edgeTypes.indexOf('shortcut');
    const strong = (e: number) => {
      const t = p.edges[e + p.eIdx.type];
      return t !== weak && t !== shortcut;
    };
    const target = (e: number) => p.edges[e + p.eIdx.to]! / p.nodeFields;
    const postIndex = new Int32Array(n).fill(-1);
    const post = new Int32Array(n);
    const reachable = new Uint8Array(n);
    let count = 0;
    const stack = new Int32Array(n);
    const cursor = new Uint32Array(n);
    let top = 0;
    stack[top++] = 0;
    reachable[0] = 1;
    for (let i = 0; i < n; i++) cursor[i] = p.firstEdge[i]!;
    while (top) {
      const v = stack[top - 1]!;
      if (cursor[v]! < p.firstEdge[v + 1]!) {
        const e = cursor[v]!;
        cursor[v] = e + p.edgeFields;
        if (!strong(e)) continue;
        const w = target(e);
        if (!reachable[w]) {
          reachable[w] = 1;
          stack[top++] = w;
        }
      } else {
        top -= 1;
        postIndex[v] = count;
        post[count++] = v;
      }
    }
    // Predecessors (CSR) among reachable nodes.
    const predStart = new Uint32Array(n + 1);
    for (let v = 0; v < n; v++) {
      if (!reachable[v]) continue;
      for (let e = p.firstEdge[v]!; e < p.firstEdge[v + 1]!; e += p.edgeFields) if (strong(e)) predStart[target(e) + 1]! += 1;
    }
    for (let v = 0; v < n; v++) predStart[v + 1]! += predStart[v]!;
    const preds = new Int32Array(predStart[n]!);
    const fill = predStart.slice();
    for (let v = 0; v < n; v++) {
      if (!reachable[v]) continue;
      for (let e = p.firstEdge[v]!; e < p.firstEdge[v + 1]!; e += p.edgeFields) if (strong(e)) preds[fill[target(e)]!++] = v;
    }
    const idom = new Int32Array(n).fill(-1);
    idom[0] = 0;
    const intersect = (a: number, b: number) => {
      while (a !== b) {
        while (postIndex[a]! < postIndex[b]!) a = idom[a]!;
        while (postIndex[b]! < postIndex[a]!) b = idom[b]!;
      }
      return a;
    };
    for (let changed = true; changed; ) {
      changed = false;
      for (let k = count - 1; k >= 0; k--) {
        const v = post[k]!;
        if (v === 0) continue;
        let d = -1;
        for (let j = predStart[v]!; j < predStart[v + 1]!; j++) {
          const u = preds[j]!;
          if (idom[u] === -1) continue;
          d = d === -1 ? u : intersect(u, d);
        }
        if (d !== -1 && idom[v] !== d) {
          idom[v] = d;
          changed = true;
        }
      }
    }
    const retained = new Float64Array(n);
    for (let k = 0; k < count; k++) retained[post[k]!] = at(post[k]!, p.idx.self);
    for (let k = 0; k < count; k++) {
      const v = post[k]!;
      if (v !== 0) retained[idom[v]!]! += retained[v]!;
    }
    return (dom = { idom, retained, reachable });
  };


  return {
    maxId,
    nodeCount: n,
    groupsNewerThan(afterId) {
      const m = new Map<string, GroupRow>();
      for (let i = 0; i < n; i++) {
        if (!isNew(i, afterId)) continue;
        const g = group(i);
        const row = m.get(g) ?? { group: g, count: 0, bytes: 0 };
        row.count += 1;
        row.bytes += at(i, p.idx.self);
        m.set(g, row);
      }
      return [...m.values()].sort((a, b) => b.bytes - a.bytes);
    },
    retainedNewerThan(afterId) {
      const { idom, retained, reachable } = dominators();
      const subtrees = new Map<string, GroupRow>();
      const frames = new Map<string, GroupRow>();
      const contexts = new Map<string, GroupRow>();
      const add = (m: Map<string, GroupRow>, key: string, bytes: number) => {
        const row = m.get(key) ?? { group: key, count: 0, bytes: 0 };
        row.count += 1;
        row.bytes += bytes;
        m.set(key, row);
      };
      for (let i = 0; i < n; i++) {
        if (!reachable[i] || !isNew(i, afterId)) continue;
        const d = idom[i]!;
        if (!isNew(d, afterId)) add(subtrees, group(i), retained[i]!);
        const name = p.strings[at(i, p.idx.name)]!;
        if (name === 'Generator' && typeOf(i) === 'object') add(frames, functionOf(i), retained[i]!);
        if (name === 'system / Context') {
          const vars = edgesOf(i).filter((e) => e.type === 'context').map((e) => e.name);
          if (vars.length) add(contexts, vars.slice(0, 8).join(', ') + (vars.length > 8 ? ', …' : ''), retained[i]!);
        }
      }
      const sorted = (m: Map<string, GroupRow>) => [...m.values()].sort((a, b) => b.bytes - a.bytes);
      return { subtrees: sorted(subtrees), frames: sorted(frames), contexts: sorted(contexts) };
    },
    samplePaths(afterId, wanted, samples = 2) {
      const { parent, via } = bfs();
      const out: string[] = [];
      for (let i = n - 1; i > 0 && out.length < samples; i--) {
        if (!isNew(i, afterId) || group(i) !== wanted || parent[i] === -1) continue;
        const steps: string[] = [];
        for (let j = i; j !== 0 && steps.length < 40; j = parent[j]!) steps.push(`.${edgeName(via[j]!)} → ${group(j)}${isNew(j, afterId) ? '' : ' (old)'}`);
        out.push(steps.reverse().join('\n    '));
      }
      return out;
    },
  };
}
