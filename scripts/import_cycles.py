#!/usr/bin/env python3
"""Finds import circles between the source files of each crate (run by .ci/run).

A file imports another when it names a path into it: `use crate::a::b::Item`, an inline
`crate::a::b::f(...)`, `super::x`, or a `pub use child::Item` re-export in a `mod.rs`. Each path
is resolved to the deepest file it reaches (`a/b.rs`, `a/b/mod.rs`, `a.rs`, `a/mod.rs`). A
`mod child;` declaration is not an import. Prints every circle (a strongly connected set of more
than one file) and exits 1 when there is one.

    python3 scripts/import_cycles.py [CRATE_SRC_DIR ...]   (default: every crates/*/src)
"""

import os
import re
import sys

PATH = re.compile(r"\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)+)")
USE_GROUP = re.compile(r"\buse\s+(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)*)::\{([^;]*)\};", re.S)
LINE_COMMENT = re.compile(r"//[^\n]*")
STRING = re.compile(r'"(?:\\.|[^"\\])*"')


def module_of(src, path):
    """The module path (list of names) of a source file."""
    rel = os.path.relpath(path, src)[: -len(".rs")].split(os.sep)
    if rel[-1] in ("mod", "lib", "main"):
        rel = rel[:-1]
    return rel


def file_of(src, parts):
    """The deepest file a module path reaches, or None."""
    for n in range(len(parts), -1, -1):
        base = os.path.join(src, *parts[:n]) if n else src
        for cand in ([base + ".rs", os.path.join(base, "mod.rs")] if n else
                     [os.path.join(src, "lib.rs"), os.path.join(src, "main.rs")]):
            if os.path.isfile(cand):
                return cand
    return None


def strip(text):
    text = re.sub(r"#\[cfg\(test\)\]\s*mod\s+tests\s*\{.*", "", text, flags=re.S)
    return LINE_COMMENT.sub("", STRING.sub('""', text))


def edges(src):
    files = []
    for root, _, names in os.walk(src):
        files += [os.path.join(root, n) for n in names if n.endswith(".rs")]
    graph = {f: set() for f in files}
    for f in files:
        # tests.rs files are test modules: they may import their parent.
        if os.path.basename(f) == "tests.rs":
            continue
        mod = module_of(src, f)
        is_dir_module = os.path.basename(f) in ("mod.rs", "lib.rs", "main.rs")
        text = strip(open(f, encoding="utf-8").read())
        paths = []
        for m in USE_GROUP.finditer(text):
            for item in re.split(r"[,\s]+", m.group(3)):
                item = item.split("::")[0].strip("{} ")
                if item and item != "self":
                    paths.append((m.group(1), m.group(2) + "::" + item))
        paths += [(m.group(1), m.group(2)) for m in PATH.finditer(text)]
        for head, rest in paths:
            parts = [p for p in rest.split("::") if p]
            if head == "crate":
                target = parts
            else:
                # super/self are relative to the module that contains the file's items.
                base = mod if head == "self" else mod[:-1]
                while parts and parts[0] == "super":
                    base, parts = base[:-1], parts[1:]
                target = base + parts
            t = file_of(src, target)
            if t and t != f:
                graph[f].add(t)
        if is_dir_module:
            # Paths into a declared child module (`child::item`, `pub use child::Item`).
            children = set(re.findall(r"\bmod\s+([a-z_][a-z0-9_]*)\s*;", text))
            for m in re.finditer(r"(?<![:\w])([a-z_][a-z0-9_]*)::", text):
                if m.group(1) in children:
                    t = file_of(src, mod + [m.group(1)])
                    if t and t != f:
                        graph[f].add(t)
    return graph


def cycles(graph):
    """Strongly connected components of more than one file (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            visit(v)
    return out


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    srcs = sys.argv[1:] or sorted(
        os.path.join(root, "crates", c, "src") for c in os.listdir(os.path.join(root, "crates"))
    )
    found = 0
    for src in srcs:
        graph = edges(src)
        for comp in cycles(graph):
            found += 1
            names = [os.path.relpath(f, root) for f in comp]
            print("import circle: " + " <-> ".join(names))
            for f in comp:
                for t in sorted(graph[f] & set(comp)):
                    print(f"    {os.path.relpath(f, root)} -> {os.path.relpath(t, root)}")
    print(f"{found} import circle(s) in {len(srcs)} crate(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
