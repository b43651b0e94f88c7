//! The report-prose reader and the text auditor on arbitrary text: no panic, no endless loop
//! (libFuzzer's timeout), every span inside the text on character boundaries and quoting it,
//! and `from_sentence` agreeing with the reader's top-level scope whenever it accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let n = 19;
    let a = ntm_criteria::prose::audit_text(text, n);
    assert!(!a.reports.is_empty(), "there is always a top-level scope");
    for r in &a.reports {
        let source = r.source.as_deref().expect("the reader keeps the text");
        for s in r.spans.iter().chain(&r.unread) {
            assert!(s.start < s.end && s.end <= source.len(), "span {s:?} outside the text");
            assert_eq!(source.get(s.start..s.end), Some(s.text.as_str()), "span off a char boundary or misquoted");
        }
        for b in &r.bands {
            assert!(b.lo <= b.hi && b.hi <= n, "a band read outside 0..=n: {b:?}");
        }
    }
    for (scope, f) in &a.findings {
        assert!(*scope < a.reports.len());
        let _ = ntm_criteria::prose::figure_span(&a.reports[*scope], f);
    }
    if let Ok(r) = ntm_criteria::PublishedReport::from_sentence(text, n) {
        assert!(r.unread.is_empty());
        assert_eq!(Some(&r), a.reports.first());
    }
});
