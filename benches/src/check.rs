//! Proof that both libraries hold the same objects: equal bytes up to the layer's constructor ids,
//! and both decode and re-encode them exactly.
//!
//! tlforge-types and grammers-tl-types may be generated from different layers of the Telegram schema
//! (until issue 12 ours was 222, grammers' 230; both are 230 now). Constructors that gained
//! optional fields between two layers (`message`, `user`, `messageReplyHeader`,
//! `messages.sendMessage`, `inputReplyToMessage`) have a different id in each; with those fields
//! absent, their encodings differ only in that id. [`to_their_layer`] maps our ids to grammers'
//! ids (none, on the same layer), after which the two encodings must be byte-identical.

use std::fmt::Debug;

use crate::{ours, theirs};

/// Our id → grammers' id, for the constructors whose id differs between the two layers.
#[must_use]
pub fn id_map() -> Vec<(u32, u32)> {
    ours::layer_dependent_ids()
        .into_iter()
        .map(|(name, id)| (id, theirs::id_of(name)))
        .filter(|(ours, theirs)| ours != theirs)
        .collect()
}

/// Rewrites an encoding of ours into grammers' layer: every 4-byte-aligned word that is one of
/// our layer-dependent ids becomes grammers' id for the same constructor. TL values are
/// sequences of 32-bit words, so constructor ids are always aligned. Returns the bytes and the
/// number of words rewritten.
#[must_use]
pub fn to_their_layer(bytes: &[u8]) -> (Vec<u8>, usize) {
    let map = id_map();
    let mut out = bytes.to_vec();
    let mut rewritten = 0;
    for word in out.chunks_exact_mut(4) {
        let value = u32::from_le_bytes(word.try_into().expect("4 bytes"));
        if let Some(&(_, theirs)) = map.iter().find(|&&(ours, _)| ours == value) {
            word.copy_from_slice(&theirs.to_le_bytes());
            rewritten += 1;
        }
    }
    (out, rewritten)
}

fn first_difference(a: &[u8], b: &[u8]) -> usize {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()))
}

/// The encodings of one object in both libraries, checked.
#[derive(Debug, Clone)]
pub struct Encoded {
    /// Our encoding (our layer's ids).
    pub ours: Vec<u8>,
    /// grammers' encoding (their layer's ids).
    pub theirs: Vec<u8>,
    /// How many constructor ids differ between the two.
    pub ids_rewritten: usize,
}

/// Encodes `ours` and `theirs`, and panics unless
/// - the encodings are equal once our ids are mapped to grammers' layer,
/// - grammers decodes those bytes back to `theirs` and re-encodes exactly those bytes,
/// - we decode our bytes back to `ours` and re-encode exactly those bytes.
///
/// `theirs_decode` is grammers' decoder for the boxed form: `from_bytes` for a boxed type,
/// [`theirs::decode_function`] for a function.
pub fn verify<O, T>(
    what: &str,
    ours: &O,
    theirs: &T,
    theirs_decode: fn(&[u8]) -> grammers_tl_types::deserialize::Result<T>,
) -> Encoded
where
    O: tlforge_types::Serializable + tlforge_types::Deserializable + PartialEq + Debug,
    T: grammers_tl_types::Serializable + PartialEq + Debug,
{
    let ours_bytes = tlforge_types::Serializable::to_bytes(ours);
    let theirs_bytes = grammers_tl_types::Serializable::to_bytes(theirs);
    let (mapped, ids_rewritten) = to_their_layer(&ours_bytes);
    assert!(
        mapped == theirs_bytes,
        "{what}: the two libraries do not encode the same object: {} vs {} bytes, first \
         difference at byte {}",
        mapped.len(),
        theirs_bytes.len(),
        first_difference(&mapped, &theirs_bytes)
    );

    let theirs_decoded = theirs_decode(&mapped)
        .unwrap_or_else(|e| panic!("{what}: grammers cannot decode the bytes: {e}"));
    assert!(
        theirs_decoded == *theirs,
        "{what}: grammers decodes a different value"
    );
    assert!(
        grammers_tl_types::Serializable::to_bytes(&theirs_decoded) == mapped,
        "{what}: grammers does not re-encode the same bytes"
    );

    let ours_decoded = <O as tlforge_types::Deserializable>::from_bytes(&ours_bytes)
        .unwrap_or_else(|e| panic!("{what}: tlforge-types cannot decode its own bytes: {e}"));
    assert!(
        ours_decoded == *ours,
        "{what}: tlforge-types decodes a different value"
    );
    assert!(
        tlforge_types::Serializable::to_bytes(&ours_decoded) == ours_bytes,
        "{what}: tlforge-types does not re-encode the same bytes"
    );

    Encoded {
        ours: ours_bytes,
        theirs: theirs_bytes,
        ids_rewritten,
    }
}

/// All three objects, checked; panics with the reason if any check fails.
#[must_use]
pub fn verify_all() -> [Encoded; 3] {
    let send = verify(
        "messages.sendMessage",
        &ours::send_message(),
        &theirs::send_message(),
        theirs::decode_function,
    );
    let messages = verify(
        "messages.messages",
        &ours::messages(),
        &theirs::messages(),
        grammers_tl_types::Deserializable::from_bytes,
    );
    let part = verify(
        "upload.saveFilePart",
        &ours::save_file_part(),
        &theirs::save_file_part(),
        theirs::decode_function,
    );
    [send, messages, part]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_libraries_hold_the_same_objects() {
        let [send, messages, part] = verify_all();
        // With grammers on another layer: sendMessage and inputReplyToMessage; 100 × (message
        // + messageReplyHeader) + 20 users. On the same layer (both 230 now) nothing differs.
        let same_layer = id_map().is_empty();
        assert_eq!(send.ids_rewritten, if same_layer { 0 } else { 2 });
        assert_eq!(messages.ids_rewritten, if same_layer { 0 } else { 220 });
        assert_eq!(part.ids_rewritten, 0);
        assert_eq!(send.ours.len(), send.theirs.len());
    }
}
