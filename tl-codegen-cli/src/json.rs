//! The JSON of `dump`, `diff --format json` and `decode`, written by serde_json: on one line
//! with a space after each `,` and `:` (`{"a": 1, "b": [2, 3]}`, the layout these commands
//! have always printed), or indented by two spaces (serde_json's pretty printer).

use std::io;

use serde::Serialize;
use serde_json::ser::Formatter;

/// serde_json's compact layout with a space after `,` and `:`.
struct Spaced;

impl Formatter for Spaced {
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first { Ok(()) } else { out.write_all(b", ") }
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first { Ok(()) } else { out.write_all(b", ") }
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }
}

/// `value` as JSON on one line.
pub fn line<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Spaced);
    // Writing into a Vec fails only for a map key that is not a string; ours are all strings.
    let _ = value.serialize(&mut serializer);
    String::from_utf8(out).unwrap_or_default()
}

/// `value` as JSON indented by two spaces per level.
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_has_a_space_after_commas_and_colons() {
        let value = serde_json::json!({"a": 1, "b": [2, "x\"y"], "c": {}, "d": []});
        assert_eq!(
            line(&value),
            r#"{"a": 1, "b": [2, "x\"y"], "c": {}, "d": []}"#
        );
    }
}
