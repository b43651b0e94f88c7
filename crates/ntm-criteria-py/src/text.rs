//! Text for Python displays: a leaf module, imported by every class module.

/// A Python repr of a string (single-quoted, as Python prints it).
pub(crate) fn pyrepr(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}
