//! Tokens of report prose, each with its byte span in the text: numbers as printed, words folded
//! (case and accents ignored, "đ" read as "d"), and punctuation.

use crate::fixed::Fixed;

/// One token and where it stands in the text (byte offsets into the NFC text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A number as printed: digits with `.` thousands separators and a `,` decimal comma
    /// ("1.274", "11,66", "04"). `None` when the printed form is not a figure ("5.2022").
    Num(Option<Fixed>),
    /// A word, folded ("Đạt" → "dat").
    Word(String),
    /// Any other character (`%`, `/`, `-`, `(`, `;`, …); dashes are all `-`.
    Punct(char),
}

impl Token {
    pub fn word(&self) -> Option<&str> {
        match &self.kind {
            Kind::Word(w) => Some(w),
            _ => None,
        }
    }
    pub fn is_word(&self, w: &str) -> bool {
        self.word() == Some(w)
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
    /// Whether the token is a word written with a capital in `text` (a place name's word).
    pub fn is_capitalised(&self, text: &str) -> bool {
        self.word().is_some() && text[self.start..self.end].chars().next().is_some_and(char::is_uppercase)
    }
    /// The figure of a number token.
    pub fn num(&self) -> Option<Fixed> {
        match self.kind {
            Kind::Num(n) => n,
            _ => None,
        }
    }
    /// The whole number of a number token without decimals.
    pub fn int(&self) -> Option<u64> {
        self.num().filter(|n| n.scale == 0).and_then(|n| u64::try_from(n.units).ok())
    }
}

/// The tokens of `text` (which should be NFC).
pub(crate) fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some(&(i, c)) = it.peek() {
        if c == '\n' {
            it.next();
            out.push(Token { kind: Kind::Punct('\n'), start: i, end: i + 1 });
        } else if c.is_whitespace() {
            it.next();
        } else if c.is_ascii_digit() {
            let end = number_end(text, i);
            out.push(Token { kind: Kind::Num(figure(&text[i..end])), start: i, end });
            while it.peek().is_some_and(|&(j, _)| j < end) {
                it.next();
            }
        } else if c.is_alphabetic() {
            let mut end = i;
            while let Some(&(j, d)) = it.peek() {
                // "Đắk R’lấp", "Cư M’gar": an apostrophe between letters is part of the name.
                let apostrophe = matches!(d, '’' | '\'')
                    && text[j + d.len_utf8()..].chars().next().is_some_and(char::is_alphabetic)
                    && end > i;
                if !(d.is_alphabetic() || is_mark(d) || apostrophe) {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            out.push(Token { kind: Kind::Word(crate::text::fold(&text[i..end])), start: i, end });
        } else {
            it.next();
            let p = if matches!(c, '–' | '—' | '−' | '‐') { '-' } else { c };
            out.push(Token { kind: Kind::Punct(p), start: i, end: i + c.len_utf8() });
        }
    }
    // A text that counts communes ("330 xã, 869 thôn/bản đạt chuẩn NTM") keeps "thôn" a word
    // of its own: its village counts are not its communes.
    let xa = |t: &Token| t.is_word("xa");
    let counts_communes = out.windows(2).any(|w| w[0].num().is_some() && xa(&w[1]))
        || out.windows(4).any(|w| w[0].num().is_some() && w[1].is_punct('/') && w[2].num().is_some() && xa(&w[3]));
    let out = townships_with_communes(out);
    if counts_communes { out } else { villages_as_units(out) }
}

/// "209 xã, thị trấn", "3 xã, thị trấn đạt từ 11 đến 13 tiêu chí": communes and townships (the
/// commune-level units) counted together, one unit noun, read as "xã".
fn townships_with_communes(tokens: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let mut t = tokens[i].clone();
        let after_count = out.last().is_some_and(|p| p.num().is_some());
        let comma = |k: usize| tokens.get(k).is_some_and(|x| x.is_punct(','));
        // "xã, thị trấn", "xã, phường, thị trấn"
        let ward = usize::from(super::clause::words_at(&tokens, i + 2, &["phuong"]) && comma(i + 3)) * 2;
        if after_count
            && t.is_word("xa")
            && comma(i + 1)
            && super::clause::words_at(&tokens, i + 2 + ward, &["thi", "tran"])
        {
            t.end = tokens[i + 3 + ward].end;
            i += 4 + ward;
        } else {
            i += 1;
        }
        out.push(t);
    }
    out
}

/// A village report (a text that counts no communes) counts villages ("Số thôn đạt 14 tiêu chí
/// có 02/4 thôn", "83 thôn bản NTM") where a commune report counts communes: the unit noun
/// "thôn" (and "thôn bản") is read as the rules read "xã", and the village standard "chuẩn thôn
/// nông thôn mới" as the standard "chuẩn nông thôn mới". The "thôn" of "nông thôn" stays a word
/// of its own.
fn villages_as_units(tokens: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut it = tokens.into_iter().peekable();
    while let Some(mut t) = it.next() {
        let after_nong = out.last().is_some_and(|p| p.is_word("nong"));
        if t.is_word("thon") && !after_nong {
            if it.peek().is_some_and(|n| n.is_word("nong")) {
                continue; // "chuẩn thôn nông thôn mới": the standard
            }
            if it.peek().is_some_and(|n| n.is_word("ban")) {
                t.end = it.next().map_or(t.end, |b| b.end); // "thôn bản": one unit noun
            }
            t.kind = Kind::Word("xa".into());
        }
        out.push(t);
    }
    out
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// Where the number starting at `start` ends: digits, with a `.` or `,` only between digits.
fn number_end(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    let mut i = start;
    while i < b.len() {
        let separator = (b[i] == b'.' || b[i] == b',') && i > start && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !(b[i].is_ascii_digit() || separator) {
            break;
        }
        i += 1;
    }
    i
}

/// The figure of a printed number, read by the one figure parser ([`crate::figures`]): "1.274"
/// (thousands), "11,66" (decimal comma), "04". Anything else ("5.2022") is not a figure.
fn figure(s: &str) -> Option<Fixed> {
    crate::figures::parse_decimal(s).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<Kind> {
        tokens(s).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn numbers_words_and_punctuation() {
        let t = tokens("Có 04/181 xã, chiếm 2,21%; 1.274 tiêu chí (5.2022) – Đạt");
        let k: Vec<Kind> = t.iter().map(|t| t.kind.clone()).collect();
        assert_eq!(k[0], Kind::Word("co".into()));
        assert_eq!(k[1], Kind::Num(Some(Fixed::new(4, 0))));
        assert_eq!(k[2], Kind::Punct('/'));
        assert_eq!(k[7], Kind::Num(Some(Fixed::new(221, 2))));
        assert_eq!(k[10], Kind::Num(Some(Fixed::new(1274, 0))));
        assert_eq!(k[14], Kind::Num(None));
        assert_eq!(k[16], Kind::Punct('-'));
        assert_eq!(k[17], Kind::Word("dat".into()));
        // Spans point into the text.
        let s = "bình quân 11,66";
        let t = tokens(s);
        assert_eq!(&s[t[2].start..t[2].end], "11,66");
        assert_eq!(kinds("19."), [Kind::Num(Some(Fixed::new(19, 0))), Kind::Punct('.')]);
    }
}
