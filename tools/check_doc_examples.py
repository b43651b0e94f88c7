#!/usr/bin/env python3
"""List the public functions and methods of the core crate whose doc comment has no example.

Usage:
    python3 tools/check_doc_examples.py [SRC_DIR]
    .venv/bin/python tools/check_doc_examples.py --python [--methods]

SRC_DIR defaults to crates/ntm-criteria/src. A function counts as public when it is declared
`pub fn` (or `pub const fn`, `pub unsafe fn`; not `pub(crate)`/`pub(super)`) and either

- it is a free function of a `pub mod` (figures, parse, text) or re-exported by a `pub use`
  of lib.rs, or
- it is a method in an inherent `impl` of a type that lib.rs re-exports or a `pub mod`
  declares `pub`.

Code inside `#[cfg(test)]` modules is skipped. An example is a fenced code block (```) in the
item's own `///` doc comment, not marked `ignore` or `text` (`no_run` is accepted: it still
compiles). The check is lexical (comments and string literals are skipped when matching braces),
so it needs no build and runs in well under a second.

With `--python`, checks the INSTALLED Python package instead (run it with the interpreter of
`.venv` after `make python-install`): every name of `ntm_criteria.__all__` that can carry a
docstring (classes, functions, modules; not the constants `__version__` and `STATUSES`) must
have a `>>>` example in it; with `--methods`, so must every public method and property of the
exported classes (NtmError's subclasses excepted: they inherit `errors()`). A property (a
read-only attribute) may instead share the example of its class: it is covered when its name
appears, as a word, in a `>>>` or `...` source line of the class docstring. Methods need an
example of their own.

Exit status: 0 when every public function has an example, 1 otherwise (the missing ones are
listed as `path:line: Type::name`, or `ntm_criteria.Name` with `--python`). Standard library
only.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SRC = ROOT / "crates" / "ntm-criteria" / "src"

FN_RE = re.compile(r"^\s*pub\s+(?:const\s+)?(?:unsafe\s+)?(?:extern\s+\"[^\"]*\"\s+)?fn\s+([A-Za-z_][A-Za-z0-9_]*)")
IMPL_RE = re.compile(r"^\s*impl\b(?:\s*<[^{]*?>)?\s+(.*?)\s*(?:where\b.*)?\{?\s*$")
PUB_TYPE_RE = re.compile(r"^\s*pub\s+(?:struct|enum|trait|type|union)\s+([A-Za-z_][A-Za-z0-9_]*)")
FENCE_RE = re.compile(r"^\s*```\s*([A-Za-z0-9_,\- ]*)\s*$")


def strip_code(src: str) -> str:
    """Blank out comments, string and char literals (keeping newlines), so braces can be counted."""
    out = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif src.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if src.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif src.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif (m := re.match(r'b?r(#*)"', src[i:i + 260])) and (i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_")):
            end = '"' + m.group(1)
            j = src.find(end, i + m.end())
            j = n if j < 0 else j + len(end)
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            j += 1
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif c == "'":
            # A char literal ('x', '\n', '\u{..}', '{') or a lifetime ('a).
            m = re.match(r"'(?:\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'", src[i:i + 12])
            if m:
                out.append(" " * m.end())
                i += m.end()
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


@dataclass
class Missing:
    path: Path
    line: int
    name: str


def doc_comment(lines: list[str], fn_index: int) -> list[str]:
    """The `///` lines above line `fn_index`, skipping attributes (`#[...]`, possibly multi-line)."""
    doc: list[str] = []
    i = fn_index - 1
    while i >= 0:
        s = lines[i].strip()
        if s.startswith("///"):
            doc.append(s[3:])
        elif s.startswith("#[") or s.startswith("#!") or (s.endswith(")]") and not s.startswith("//")):
            pass
        elif s.startswith("//") or s == "":
            if s == "" and doc:
                break
        else:
            # Continuation lines of a multi-line attribute such as #[allow(\n    clippy::x,\n)].
            if not re.match(r"^[A-Za-z_:, ()=\"]+,?$", s):
                break
        i -= 1
    return list(reversed(doc))


NOT_RUST = {"ignore", "text", "compile_fail", "sh", "toml", "json", "csv", "python"}


def has_example(doc: list[str]) -> bool:
    in_block = False
    for line in doc:
        m = FENCE_RE.match(line)
        if m is None:
            continue
        if in_block:  # the closing fence
            in_block = False
            continue
        in_block = True
        attrs = {a.strip() for a in m.group(1).replace(" ", ",").split(",") if a.strip()}
        if not attrs & NOT_RUST:
            return True
    return False


def exported_names(lib: str) -> tuple[set[str], set[str]]:
    """(names re-exported by `pub use`, modules declared `pub mod`) in lib.rs."""
    names: set[str] = set()
    for m in re.finditer(r"pub\s+use\s+[A-Za-z_:]+::\{([^}]*)\}\s*;|pub\s+use\s+[A-Za-z_:]+::([A-Za-z_]+)\s*;", lib):
        body = m.group(1) if m.group(1) is not None else m.group(2)
        for part in body.split(","):
            part = part.strip()
            if part:
                names.update(x.strip() for x in part.split(" as "))
    pub_mods = set(re.findall(r"^pub\s+mod\s+([A-Za-z_]+)\s*;", lib, re.M))
    return names, pub_mods


def impl_self_type(header: str) -> str | None:
    """The type name of an inherent impl header, or None for a trait impl."""
    m = IMPL_RE.match(header)
    if m is None:
        return None
    rest = m.group(1)
    if re.search(r"\bfor\b", rest):
        return None
    name = re.match(r"(?:[A-Za-z_][A-Za-z0-9_]*::)*([A-Za-z_][A-Za-z0-9_]*)", rest.strip())
    return name.group(1) if name else None


def check_file(path: Path, exported: set[str], pub_mods: set[str]) -> tuple[int, list[Missing]]:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    code_lines = strip_code(text).split("\n")
    is_pub_mod = path.stem in pub_mods
    public_types = set(exported)
    if is_pub_mod:
        public_types |= {m.group(1) for line in code_lines if (m := PUB_TYPE_RE.match(line))}

    # Walk the lines with a stack of open blocks: (kind, name, depth at open).
    stack: list[tuple[str, str | None, int]] = []
    depth = 0
    pending_cfg_test = False
    checked = 0
    missing: list[Missing] = []
    opener: tuple[str, str | None] | None = None
    for idx, code in enumerate(code_lines):
        s = code.strip()
        in_test = any(k == "test" for k, _, _ in stack)
        if s.startswith("#[cfg(test)]"):
            pending_cfg_test = True
        if re.match(r"^(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*\{", s):
            opener = ("test" if pending_cfg_test else "mod", None)
        elif re.match(r"^impl\b", s):
            header = s
            j = idx
            while "{" not in header and j + 1 < len(code_lines):
                j += 1
                header += " " + code_lines[j].strip()
            opener = ("impl", impl_self_type(header.split("{")[0] + "{"))
        elif s and not s.startswith("#"):
            pending_cfg_test = False  # the attribute applied to another item

        m = FN_RE.match(code)
        if m is not None and not in_test:
            fn_name = m.group(1)
            impl = next(((k, t) for k, t, _ in reversed(stack) if k == "impl"), None)
            public = False
            qual = fn_name
            if impl is None and not any(k == "mod" for k, _, _ in stack):
                public = is_pub_mod or fn_name in exported
                qual = f"{path.stem}::{fn_name}" if is_pub_mod else fn_name
            elif impl is not None and impl[0] == "impl" and impl[1] is not None:
                public = impl[1] in public_types
                qual = f"{impl[1]}::{fn_name}"
            if public:
                checked += 1
                if not has_example(doc_comment(lines, idx)):
                    missing.append(Missing(path, idx + 1, qual))

        for ch in code:
            if ch == "{":
                if opener is not None:
                    stack.append((opener[0], opener[1], depth))
                    opener = None
                    pending_cfg_test = False
                depth += 1
            elif ch == "}":
                depth -= 1
                if stack and stack[-1][2] == depth:
                    stack.pop()
        # An impl header may continue on the next lines: its opener waits for the `{`.
    return checked, missing


def example_source(doc: str) -> str:
    """The source lines of the `>>>` examples of a docstring: `>>>` lines and the `...`
    continuation lines that follow them (not the expected output, even when it starts with `...`)."""
    lines: list[str] = []
    in_source = False
    for line in doc.splitlines():
        s = line.lstrip()
        if s.startswith(">>>"):
            in_source = True
        elif not (in_source and s.startswith("...")):
            in_source = False
        if in_source:
            lines.append(s)
    return "\n".join(lines)


def check_python(methods: bool) -> tuple[int, list[str]]:
    """(number checked, names without a `>>>` example) of the installed ntm_criteria."""
    import inspect

    import ntm_criteria

    checked, missing = 0, []

    def check(qual: str, obj: object, class_lines: str = "") -> None:
        nonlocal checked
        checked += 1
        if ">>>" in (inspect.getdoc(obj) or ""):
            return
        attr = qual.rsplit(".", 1)[-1]
        if class_lines and re.search(rf"\b{re.escape(attr)}\b", class_lines):
            return
        missing.append(qual)

    for name in ntm_criteria.__all__:
        obj = getattr(ntm_criteria, name)
        if not (inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj)):
            continue  # a constant: no docstring of its own
        check(f"ntm_criteria.{name}", obj)
        if methods and inspect.isclass(obj) and not issubclass(obj, ntm_criteria.NtmError):
            source = example_source(inspect.getdoc(obj) or "")
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                if inspect.isroutine(member):
                    check(f"ntm_criteria.{name}.{attr}", getattr(obj, attr, member))
                elif inspect.isdatadescriptor(member):
                    check(f"ntm_criteria.{name}.{attr}", member, source)
    return checked, missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", nargs="?", type=Path, default=DEFAULT_SRC)
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the missing items")
    parser.add_argument("--python", action="store_true", help="check the installed Python package instead")
    parser.add_argument("--methods", action="store_true", help="with --python: also methods and properties")
    args = parser.parse_args()
    if args.python:
        n, names = check_python(args.methods)
        for q in names:
            print(q)
        if not args.quiet or names:
            print(f"{n - len(names)}/{n} public Python names have a docstring example", file=sys.stderr)
        return 1 if names else 0
    lib = (args.src / "lib.rs").read_text(encoding="utf-8")
    exported, pub_mods = exported_names(lib)
    total, missing = 0, []
    for path in sorted(args.src.glob("*.rs")):
        n, miss = check_file(path, exported, pub_mods)
        total += n
        missing += miss
    for m in missing:
        rel = m.path.relative_to(ROOT) if m.path.is_relative_to(ROOT) else m.path
        print(f"{rel}:{m.line}: {m.name}")
    if not args.quiet or missing:
        print(f"{total - len(missing)}/{total} public functions and methods have a doc example", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
