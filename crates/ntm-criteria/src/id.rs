//! [`Id`]: the short text of an indicator id or an assessment key, cheap to copy.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Bytes stored inline.
const INLINE: usize = 22;

/// An indicator id (`"17.1"`) or an assessment key (`"NMM"`, `"G2"`) in an [`Assessment`].
///
/// It reads as a `&str` (it derefs to one). Texts of up to 22 bytes, which covers every bundled
/// id and key, are stored inline, so cloning one copies 24 bytes: no allocation and no shared
/// counter, which keeps one assessment cheap. Longer texts are shared.
///
/// ```
/// use ntm_criteria::Id;
/// let id = Id::from("17.1");
/// assert_eq!(&*id, "17.1");
/// assert_eq!(id, "17.1");
/// assert_eq!(id.to_string(), "17.1");
/// let long = Id::from("a-very-long-indicator-id-from-a-province");
/// assert_eq!(long.len(), 40);
/// ```
///
/// [`Assessment`]: crate::Assessment
#[derive(Clone)]
pub struct Id(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, buf: [u8; INLINE] },
    Shared(Arc<str>),
}

impl Id {
    /// The text.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::Id::from("NMM").as_str(), "NMM");
    /// ```
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Built from a `&str` cut at its end: always UTF-8.
            Repr::Inline { len, buf } => std::str::from_utf8(&buf[..usize::from(*len)]).unwrap_or_default(),
            Repr::Shared(s) => s,
        }
    }
}

impl From<&str> for Id {
    fn from(s: &str) -> Id {
        if s.len() <= INLINE {
            let mut buf = [0u8; INLINE];
            buf[..s.len()].copy_from_slice(s.as_bytes());
            Id(Repr::Inline { len: s.len() as u8, buf })
        } else {
            Id(Repr::Shared(Arc::from(s)))
        }
    }
}

impl From<String> for Id {
    fn from(s: String) -> Id {
        Id::from(s.as_str())
    }
}

impl Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Id {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for Id {
    fn eq(&self, other: &Id) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Id {}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialOrd for Id {
    fn partial_cmp(&self, other: &Id) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Id {
    fn cmp(&self, other: &Id) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Id {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Id, D::Error> {
        String::deserialize(d).map(Id::from)
    }
}

#[cfg(test)]
mod tests {
    use super::Id;

    #[test]
    fn inline_and_shared_ids_read_back_and_compare_as_text() {
        for s in ["", "1", "17.1", "exactly-22-bytes-long!", "twenty-three-bytes-long", "Tiêu chí số 17.1 (môi trường)"]
        {
            let id = Id::from(s);
            assert_eq!(id.as_str(), s);
            assert_eq!(id.clone(), Id::from(s.to_string()));
            assert_eq!(serde_json::from_str::<Id>(&serde_json::to_string(&id).unwrap()).unwrap(), id);
        }
        let (ten, nine) = (Id::from("10"), Id::from("9"));
        assert!(ten < nine, "ids order as text");
    }
}
