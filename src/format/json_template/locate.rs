//! Finding where a string of the template sits in its text, to give merge-field errors a
//! line and column. Only called once an error is found, so it can afford to rescan.

/// The line and column (1-based; the column counts bytes, as serde_json's do) of byte
/// `offset` of the decoded text of the `index`-th string token (keys and values, in document
/// order) of `source`, which must be valid JSON.
pub(super) fn locate(source: &str, index: usize, offset: usize) -> (usize, usize) {
    let raw = token_start(source, index)
        .map(|start| start + 1 + raw_offset(&source.as_bytes()[start + 1..], offset))
        .unwrap_or(0)
        .min(source.len());
    let before = &source.as_bytes()[..raw];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |newline| newline + 1);
    (line, raw - line_start + 1)
}

/// The byte index of the opening quote of the `index`-th string token.
fn token_start(source: &str, index: usize) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut seen = 0;
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'"' {
            if seen == index {
                return Some(at);
            }
            seen += 1;
            at += 1;
            // Skip to the closing quote; an escape hides the byte after the backslash.
            while at < bytes.len() && bytes[at] != b'"' {
                at += if bytes[at] == b'\\' { 2 } else { 1 };
            }
        }
        at += 1;
    }
    None
}

/// How many raw bytes of a string token's body (after its opening quote) hold its first
/// `decoded` decoded bytes.
fn raw_offset(body: &[u8], decoded: usize) -> usize {
    let mut raw = 0;
    let mut done = 0;
    while done < decoded && raw < body.len() {
        match body[raw] {
            b'\\' if body.get(raw + 1) == Some(&b'u') => {
                let unit = hex4(body.get(raw + 2..raw + 6));
                let is_pair = (0xd800..0xdc00).contains(&unit)
                    && body.get(raw + 6) == Some(&b'\\')
                    && body.get(raw + 7) == Some(&b'u');
                if is_pair {
                    raw += 12;
                    done += 4;
                } else {
                    raw += 6;
                    done += char::from_u32(unit).map_or(3, char::len_utf8);
                }
            }
            b'\\' => {
                raw += 2;
                done += 1;
            }
            _ => {
                raw += 1;
                done += 1;
            }
        }
    }
    raw
}

fn hex4(digits: Option<&[u8]>) -> u32 {
    digits
        .and_then(|d| std::str::from_utf8(d).ok())
        .and_then(|d| u32::from_str_radix(d, 16).ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_values_in_document_order() {
        let source = "{\n  \"a\": \"x {{\",\n  \"b\\\"\": [\"\\u00e9 {{y\"]\n}";
        // Token 1 is the value of "a"; its `{{` is at decoded byte 2.
        assert_eq!(locate(source, 1, 2), (2, 11));
        // Token 3 is the array item; `\u00e9` decodes to 2 bytes, then a space.
        assert_eq!(locate(source, 3, 3), (3, 19));
        // Token 2 is the key `b"`.
        assert_eq!(locate(source, 2, 0), (3, 4));
    }

    #[test]
    fn surrogate_pairs_count_as_one_character() {
        let source = r#"{"k":"\ud83d\ude00{{"}"#;
        assert_eq!(locate(source, 1, 4), (1, 19));
    }

    proptest::proptest! {
        /// Wherever the bad merge field sits, after whatever escapes, the reported line and
        /// column point at its `{{`.
        #[test]
        fn points_at_the_opening_braces(
            key in "\\PC{0,8}",
            prefix in "\\PC{0,12}",
            pretty in proptest::bool::ANY,
        ) {
            proptest::prop_assume!(!key.contains('{') && !prefix.contains('{'));
            let mut object = serde_json::Map::new();
            object.insert("first".into(), serde_json::Value::String(key.clone()));
            object.insert(key, serde_json::Value::String(format!("{prefix}{{{{x")));
            let object = serde_json::Value::Object(object);
            let text = if pretty {
                serde_json::to_string_pretty(&object).unwrap()
            } else {
                // serde_json escapes only what it must; ASCII-escape the rest, as some editors do.
                serde_json::to_string(&object).unwrap().chars().map(|c| {
                    if c.is_ascii() { c.to_string() } else {
                        let mut units = [0u16; 2];
                        c.encode_utf16(&mut units).iter().map(|u| format!("\\u{u:04x}")).collect()
                    }
                }).collect()
            };
            let err = super::super::JsonTemplate::new(&text).unwrap_err();
            let super::super::TemplateError::MergeFieldSyntax { line, column, .. } = err else {
                panic!("{err}");
            };
            let at = text.split('\n').nth(line - 1).unwrap();
            proptest::prop_assert!(at.as_bytes()[column - 1..].starts_with(b"{{"), "{text} {line}:{column}");
        }
    }
}
