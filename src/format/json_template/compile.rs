//! Turning a template's JSON tree into a render plan: literal subtrees become ready-made JSON
//! text, strings with merge fields become parts to fill in.

use serde_json::Value;

use super::MAX_DEPTH;
use super::error::TemplateError;
use super::locate::locate;
use super::source::Source;
use crate::format::merge::{self, Piece};

/// What to write for one JSON value of the template.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    /// Compact JSON text with no merge field in it, copied as is.
    Raw(String),
    /// A value that is exactly one merge field: the data's value, with its own JSON type.
    Field(String),
    /// A string holding merge fields among text.
    Text(Vec<Part>),
    Array(Vec<Node>),
    Object(Object),
}

/// An object's entries and whether any key has a merge field (then keys are checked for
/// duplicates as they render).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Object {
    pub(super) entries: Vec<(Key, Node)>,
    pub(super) dynamic_keys: bool,
}

impl Object {
    /// The keys written as they stand, without merge fields.
    pub(super) fn literal_keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().filter_map(|(key, _)| match key {
            Key::Literal(key) => Some(key.as_str()),
            Key::Text(_) => None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Part {
    Text(String),
    Field(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Key {
    Literal(String),
    /// A key with merge fields: always rendered as text, since JSON keys are strings.
    Text(Vec<Part>),
}

/// Compiles the template's root object and lists its merge fields in first-use order.
pub(super) fn compile(
    text: &str,
    source: &Source,
    declared: Option<&[String]>,
) -> Result<(Object, Vec<String>), TemplateError> {
    let Source::Object(entries) = source else {
        return Err(TemplateError::NotAnObject {
            found: source.kind(),
        });
    };
    let mut compiler = Compiler {
        text,
        strings: 0,
        declared,
        fields: Vec::new(),
        pointer: String::new(),
    };
    let root = compiler.object(entries, 1)?;
    Ok((root, compiler.fields))
}

struct Compiler<'a> {
    /// The template's text, to locate errors in.
    text: &'a str,
    /// How many strings (keys and values) were read so far, in document order.
    strings: usize,
    declared: Option<&'a [String]>,
    fields: Vec<String>,
    /// The JSON Pointer of the value being compiled.
    pointer: String,
}

impl Compiler<'_> {
    fn node(&mut self, source: &Source, depth: usize) -> Result<Node, TemplateError> {
        match source {
            Source::Scalar(value) => Ok(Node::Raw(value.to_string())),
            Source::String(text) => {
                let mut parts = self.parts(text)?;
                Ok(match parts.as_mut_slice() {
                    [] => Node::Raw(Value::String(String::new()).to_string()),
                    [Part::Field(path)] => Node::Field(std::mem::take(path)),
                    [Part::Text(_)] => Node::Raw(Value::String(text.clone()).to_string()),
                    _ => Node::Text(parts),
                })
            }
            Source::Array(items) => {
                self.check_depth(depth)?;
                let mut nodes = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    let len = self.pointer.len();
                    self.pointer.push('/');
                    self.pointer.push_str(&index.to_string());
                    nodes.push(self.node(item, depth + 1)?);
                    self.pointer.truncate(len);
                }
                Ok(collapse(Node::Array(nodes)))
            }
            Source::Object(entries) => {
                self.check_depth(depth)?;
                Ok(collapse(Node::Object(self.object(entries, depth)?)))
            }
        }
    }

    fn object(
        &mut self,
        entries: &[(String, Source)],
        depth: usize,
    ) -> Result<Object, TemplateError> {
        let mut compiled = Vec::with_capacity(entries.len());
        let mut dynamic_keys = false;
        for (key, value) in entries {
            let len = self.pointer.len();
            self.pointer.push('/');
            // RFC 6901: `~` is written `~0` and `/` is written `~1`.
            self.pointer
                .push_str(&key.replace('~', "~0").replace('/', "~1"));
            let parts = self.parts(key)?;
            let key = if parts.iter().any(|p| matches!(p, Part::Field(_))) {
                dynamic_keys = true;
                Key::Text(parts)
            } else {
                Key::Literal(key.clone())
            };
            compiled.push((key, self.node(value, depth + 1)?));
            self.pointer.truncate(len);
        }
        Ok(Object {
            entries: compiled,
            dynamic_keys,
        })
    }

    fn parts(&mut self, text: &str) -> Result<Vec<Part>, TemplateError> {
        let index = self.strings;
        self.strings += 1;
        let pieces = merge::split(text).map_err(|err| {
            let (line, column) = locate(self.text, index, err.offset);
            TemplateError::MergeFieldSyntax {
                pointer: self.pointer.clone(),
                line,
                column,
                reason: err.reason,
            }
        })?;
        let mut parts = Vec::with_capacity(pieces.len());
        let mut offset = 0;
        for piece in pieces {
            parts.push(match piece {
                Piece::Text(literal) => {
                    offset += literal.len();
                    Part::Text(literal.to_owned())
                }
                Piece::Field(path) => {
                    self.use_field(path, index, text, offset)?;
                    Part::Field(path.to_owned())
                }
            });
            if let Some(Part::Field(_)) = parts.last() {
                // Step past this field's `{{ … }}` in the string to find the next one.
                offset = text[offset..]
                    .find("}}")
                    .map_or(text.len(), |close| offset + close + 2);
            }
        }
        Ok(parts)
    }

    /// Records a field used at byte `offset` of `text`, the `index`-th string.
    fn use_field(
        &mut self,
        path: &str,
        index: usize,
        text: &str,
        offset: usize,
    ) -> Result<(), TemplateError> {
        if let Some(declared) = self.declared
            && !declared.iter().any(|d| covers(d, path))
        {
            let open = text[offset..].find("{{").map_or(offset, |at| offset + at);
            let (line, column) = locate(self.text, index, open);
            return Err(TemplateError::UnknownField {
                path: path.to_owned(),
                pointer: self.pointer.clone(),
                line,
                column,
            });
        }
        if !self.fields.iter().any(|f| f == path) {
            self.fields.push(path.to_owned());
        }
        Ok(())
    }

    fn check_depth(&self, depth: usize) -> Result<(), TemplateError> {
        if depth > MAX_DEPTH {
            return Err(TemplateError::TooDeep {
                limit: MAX_DEPTH,
                pointer: self.pointer.clone(),
            });
        }
        Ok(())
    }
}

/// Whether declaring `declared` declares `path`: the same path, or one inside it
/// (`cart` declares `cart.items.0.sku`).
fn covers(declared: &str, path: &str) -> bool {
    path.strip_prefix(declared)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// A container whose children are all literal becomes literal JSON text itself.
fn collapse(node: Node) -> Node {
    fn raw(node: &Node) -> Option<&str> {
        match node {
            Node::Raw(text) => Some(text),
            _ => None,
        }
    }
    match &node {
        Node::Array(items) => {
            let Some(texts) = items.iter().map(raw).collect::<Option<Vec<_>>>() else {
                return node;
            };
            Node::Raw(format!("[{}]", texts.join(",")))
        }
        Node::Object(object) if !object.dynamic_keys => {
            let mut out = String::from("{");
            for (index, (key, value)) in object.entries.iter().enumerate() {
                let (Key::Literal(key), Some(value)) = (key, raw(value)) else {
                    return node;
                };
                if index > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                out.push_str(value);
            }
            out.push('}');
            Node::Raw(out)
        }
        _ => node,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::json_template::source::read;

    fn compiled(text: &str) -> Object {
        compile(text, &read(text).unwrap(), None).unwrap().0
    }

    #[test]
    fn literal_subtrees_collapse_to_json_text() {
        let root = compiled(r#"{"a":{"b":[1,"x",null]},"c":"{{n}}"}"#);
        assert_eq!(root.entries[0].1, Node::Raw(r#"{"b":[1,"x",null]}"#.into()));
        assert_eq!(root.entries[1].1, Node::Field("n".into()));
    }

    #[test]
    fn declared_fields_cover_their_descendants() {
        assert!(covers("cart", "cart.items.0.sku"));
        assert!(covers("cart", "cart"));
        assert!(!covers("cart", "cartx"));
        assert!(!covers("cart.items", "cart"));
    }

    #[test]
    fn pointers_escape_tilde_and_slash() {
        let text = r#"{"a/b":{"~":"{{"}}"#;
        let err = compile(text, &read(text).unwrap(), None).unwrap_err();
        assert_eq!(
            err,
            TemplateError::MergeFieldSyntax {
                pointer: "/a~1b/~0".into(),
                line: 1,
                column: 14,
                reason: "`{{` is never closed by `}}`"
            }
        );
    }
}
