//! Communes a text names as recognised ("3 xã được công nhận đợt này là: xã Quang Châu (huyện
//! Việt Yên), Xuân Cẩm (huyện Hiệp Hòa) và Tuấn Đạo (huyện Sơn Động)") and the criteria it states
//! for named communes ("xã Quang Châu, huyện Việt Yên đạt 18/19 tiêu chí"): a recognised commune
//! stated below every criterion is a fault, since recognition requires them all.

use std::collections::BTreeSet;

use super::lex::Token;
use crate::audit::{Finding, FindingKind};

/// The commune names of a sentence that recognises communes, after its `:` or "là".
fn recognised_names(t: &[Token], text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut i = 0;
    while i < t.len() {
        let end = (i..t.len()).find(|&k| sentence_end(&t[k])).unwrap_or(t.len());
        let sentence = &t[i..end];
        let recognises = sentence.windows(2).any(|w| w[0].is_word("cong") && w[1].is_word("nhan"));
        if let (true, Some(colon)) = (recognises, sentence.iter().position(|x| x.is_punct(':'))) {
            names.extend(listed_names(&sentence[colon + 1..], text));
        }
        i = end + 1;
    }
    names
}

fn sentence_end(t: &Token) -> bool {
    t.is_punct('.') || t.is_punct('\n') || t.is_punct(';')
}

/// The names of a list "xã A (huyện X), B (huyện Y) và C": capitalised words, each name's
/// parenthesis skipped, `,` and "và" between them.
fn listed_names(t: &[Token], text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut name: Vec<&str> = Vec::new();
    let mut depth = 0usize;
    for tok in t {
        if tok.is_punct('(') {
            depth += 1;
        } else if tok.is_punct(')') {
            depth = depth.saturating_sub(1);
        } else if depth > 0 || tok.is_word("xa") {
            continue;
        } else if tok.is_capitalised(text) {
            name.push(&text[tok.start..tok.end]);
            continue;
        } else if !(tok.is_punct(',') || tok.is_word("va")) {
            return Vec::new(); // not a list of names
        }
        if !name.is_empty() {
            out.push(crate::text::fold(&name.join(" ")));
            name.clear();
        }
    }
    if !name.is_empty() {
        out.push(crate::text::fold(&name.join(" ")));
    }
    out
}

/// "xã A[, huyện X] đạt K/N tiêu chí": the commune's name, K and N.
fn stated_criteria(t: &[Token], text: &str) -> Vec<(String, String, u64, u64)> {
    let mut out = Vec::new();
    for (i, tok) in t.iter().enumerate() {
        if !tok.is_word("xa") {
            continue;
        }
        let words: Vec<&Token> = t[i + 1..].iter().take_while(|x| x.is_capitalised(text)).collect();
        if words.is_empty() {
            continue;
        }
        let mut k = i + 1 + words.len();
        if t.get(k).is_some_and(|x| x.is_punct(',')) && t.get(k + 1).is_some_and(|x| x.is_word("huyen")) {
            k += 2;
            while t.get(k).is_some_and(|x| x.is_capitalised(text)) {
                k += 1;
            }
        }
        let at = |j: usize| t.get(k + j);
        let (Some(met), Some(of)) = (at(1).and_then(Token::int), at(3).and_then(Token::int)) else { continue };
        if at(0).is_some_and(|x| x.is_word("dat"))
            && at(2).is_some_and(|x| x.is_punct('/'))
            && at(4).is_some_and(|x| x.is_word("tieu"))
        {
            let shown = text[words[0].start..words[words.len() - 1].end].to_string();
            out.push((crate::text::fold(&shown), shown, met, of));
        }
    }
    out
}

/// The findings: a commune the text names as recognised and states below all its criteria.
pub(super) fn check(t: &[Token], text: &str) -> Vec<Finding> {
    let recognised = recognised_names(t, text);
    if recognised.is_empty() {
        return Vec::new();
    }
    stated_criteria(t, text)
        .into_iter()
        .filter(|(key, _, met, of)| met < of && recognised.contains(key))
        .map(|(_, shown, met, of)| {
            let msg = format!(
                "commune {shown} is named as recognised but stated at {met}/{of} criteria; recognition requires {of}/{of}"
            );
            Finding::new(FindingKind::RecognisedBelowStandard, msg)
                .int("met", u128::from(met))
                .int("criteria", u128::from(of))
        })
        .collect()
}
