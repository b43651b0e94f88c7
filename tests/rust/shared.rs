//! The shared reference beside the repository (`../shared/reference/`), which developers and CI
//! have and users do not. A check against it never passes without it: a missing file fails the
//! test, unless `NTM_SHARED_OPTIONAL` is set (the Makefile sets it when `../shared` is absent),
//! and then the test says on stderr that it skipped the check.

/// The text of `../shared/reference/<name>`, or `None` (with a visible note) when it is absent
/// and allowed to be.
pub fn reference(name: &str) -> Option<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference").join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) if std::env::var_os("NTM_SHARED_OPTIONAL").is_some() => {
            eprintln!("SKIPPED: the check against ../shared/reference/{name} ({e}; NTM_SHARED_OPTIONAL is set)");
            None
        }
        Err(e) => panic!(
            "{} is missing ({e}): the shared reference must sit beside the repository; \
             set NTM_SHARED_OPTIONAL=1 to skip the checks against it",
            path.display()
        ),
    }
}
