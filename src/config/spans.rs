//! Where things are in the config text: a span tree of every key and value, line:column lookup,
//! and plain-words descriptions of a place (`in [[backend]] "shanghai"`).

use super::diagnostic::Diagnostic;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::ops::Range;
use std::path::Path;

// The names `toml::Spanned` uses to ask the TOML deserializer for a span. Asking with them directly
// (instead of through `Spanned<T>`) lets a node or key without a span (an implicit table such as
// `backend.thresholds` in `[backend.thresholds.planned]`) come through without a span instead of
// failing. (They are the protocol between `toml` and `serde_spanned`.)
const SPANNED_NAME: &str = "$__serde_spanned_private_Spanned";
const START_FIELD: &str = "$__serde_spanned_private_start";
const END_FIELD: &str = "$__serde_spanned_private_end";
const VALUE_FIELD: &str = "$__serde_spanned_private_value";
const SPANNED_FIELDS: &[&str] = &[START_FIELD, END_FIELD, VALUE_FIELD];

/// A value of the document and, when the parser knows it, its span.
#[derive(Debug)]
pub(crate) struct Node {
    span: Option<Range<usize>>,
    tree: Tree,
}

/// A table key and, when the parser knows it, its span.
#[derive(Debug)]
struct Key {
    name: String,
    span: Option<Range<usize>>,
}

#[derive(Debug)]
enum Tree {
    Table(Vec<(Key, Node)>),
    Array(Vec<Node>),
    /// A string (kept, to name backends in messages) or another scalar.
    Scalar(Option<String>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_struct(SPANNED_NAME, SPANNED_FIELDS, TreeVisitor { spanned: true })
    }
}

/// The value inside a span wrapper: asking for a span again would wrap it again.
struct Inner(Tree);

impl<'de> Deserialize<'de> for Inner {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TreeVisitor { spanned: false })
            .map(|node| Inner(node.tree))
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_struct(SPANNED_NAME, SPANNED_FIELDS, KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E>(self, v: &str) -> Result<Key, E> {
        Ok(Key {
            name: v.to_string(),
            span: None,
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Key, A::Error> {
        let (mut start, mut end, mut name) = (0usize, 0usize, String::new());
        while let Some(field) = map.next_key::<String>()? {
            match field.as_str() {
                START_FIELD => start = map.next_value()?,
                END_FIELD => end = map.next_value()?,
                _ => name = map.next_value()?,
            }
        }
        Ok(Key {
            name,
            span: Some(start..end),
        })
    }
}

struct TreeVisitor {
    /// Whether a map may be a span wrapper (`{start, end, value}`).
    spanned: bool,
}

fn bare<E>(tree: Tree) -> Result<Node, E> {
    Ok(Node { span: None, tree })
}

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Node;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any TOML value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
        bare(Tree::Scalar(None))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
        bare(Tree::Scalar(None))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
        bare(Tree::Scalar(None))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
        bare(Tree::Scalar(None))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        bare(Tree::Scalar(Some(v.to_string())))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Key>()? {
            if self.spanned && entries.is_empty() && key.span.is_none() && key.name == START_FIELD {
                let start: usize = map.next_value()?;
                let mut end = start;
                let mut tree = Tree::Scalar(None);
                while let Some(field) = map.next_key::<String>()? {
                    if field == END_FIELD {
                        end = map.next_value()?;
                    } else {
                        tree = map.next_value::<Inner>()?.0;
                    }
                }
                return Ok(Node {
                    span: Some(start..end),
                    tree,
                });
            }
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        bare(Tree::Table(entries))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        bare(Tree::Array(items))
    }
}

/// The span of a key and of its value, each when known.
type KeyAndValueSpans = (Option<Range<usize>>, Option<Range<usize>>);

const TOP_LEVEL: &str = "the top level";

/// A step of a path into the document: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

impl From<&str> for Seg {
    fn from(k: &str) -> Seg {
        Seg::Key(k.to_string())
    }
}

impl From<usize> for Seg {
    fn from(i: usize) -> Seg {
        Seg::Index(i)
    }
}

/// Builds a `[Seg; N]` from keys and indexes: `keypath!["backend", 0, "name"]`.
macro_rules! keypath {
    ($($seg:expr),* $(,)?) => { [$($crate::config::spans::Seg::from($seg)),*] };
}
pub(crate) use keypath;

/// The config text, its file name and (when the text is valid TOML) its span tree.
pub(crate) struct Doc<'a> {
    pub src: &'a str,
    pub file: &'a Path,
    root: Option<Node>,
}

impl<'a> Doc<'a> {
    pub fn new(src: &'a str, file: &'a Path) -> Doc<'a> {
        let root = toml::from_str::<Node>(src).ok();
        Doc { src, file, root }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.src.len());
        while !self.src.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.src[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    /// A diagnostic at a byte offset.
    pub fn at_offset(&self, offset: usize, message: String, fix: String) -> Diagnostic {
        let (line, column) = self.line_col(offset);
        Diagnostic {
            file: self.file.to_path_buf(),
            line,
            column,
            message,
            fix,
        }
    }

    /// A diagnostic at the value of `path` (or, if absent, at its nearest existing ancestor).
    pub fn at_value(&self, path: &[Seg], message: String, fix: String) -> Diagnostic {
        self.at_offset(self.value_offset(path), message, fix)
    }

    /// A diagnostic at the key of `path` (or its nearest existing ancestor).
    pub fn at_key(&self, path: &[Seg], message: String, fix: String) -> Diagnostic {
        let offset = match self.find(path) {
            Some((Some(key), _)) => key.start,
            _ => self.value_offset(path),
        };
        self.at_offset(offset, message, fix)
    }

    /// Byte offset of the value at `path`, falling back to its key, then to the nearest ancestor
    /// that has a position (a missing field is reported at its table's header).
    pub fn value_offset(&self, path: &[Seg]) -> usize {
        (0..=path.len())
            .rev()
            .find_map(|n| match self.find(&path[..n]) {
                Some((_, Some(value))) => Some(value.start),
                Some((Some(key), None)) => Some(key.start),
                _ => None,
            })
            .unwrap_or(0)
    }

    /// The node at `path` and the span of its key, if any.
    fn node(&self, path: &[Seg]) -> Option<(Option<&Range<usize>>, &Node)> {
        let mut node = self.root.as_ref()?;
        let mut key_span = None;
        for seg in path {
            match (&node.tree, seg) {
                (Tree::Table(entries), Seg::Key(k)) => {
                    let (key, value) = entries.iter().find(|(key, _)| key.name == *k)?;
                    key_span = key.span.as_ref();
                    node = value;
                }
                (Tree::Array(items), Seg::Index(i)) => {
                    node = items.get(*i)?;
                    key_span = None;
                }
                _ => return None,
            }
        }
        Some((key_span, node))
    }

    /// The key span and value span (each if known) of the node at `path`, if it exists.
    fn find(&self, path: &[Seg]) -> Option<KeyAndValueSpans> {
        self.node(path)
            .map(|(key, node)| (key.cloned(), node.span.clone()))
    }

    /// The string value at `path`, if it is one.
    pub fn string_at(&self, path: &[Seg]) -> Option<&str> {
        match &self.node(path)?.1.tree {
            Tree::Scalar(s) => s.as_deref(),
            _ => None,
        }
    }

    /// The deepest path whose key or value contains `offset`, and whether the offset is on a key.
    /// (A sub-table such as `[backend.thresholds]` lies outside its parent's span, so every node
    /// is searched, not only those inside the parent.)
    pub fn path_at(&self, offset: usize) -> (Vec<Seg>, bool) {
        let mut best = (Vec::new(), false);
        if let Some(root) = self.root.as_ref() {
            search(root, &mut Vec::new(), offset, &mut best);
        }
        best
    }

    /// Names the table a path is in, e.g. `[[backend]] "shanghai"`, `[keys]`, `the top level`.
    pub fn table_name(&self, path: &[Seg]) -> String {
        match path {
            [Seg::Key(b), Seg::Index(i), ..] if b == "backend" => {
                match self.string_at(&keypath!["backend", *i, "name"]) {
                    Some(name) if !name.is_empty() => format!("[[backend]] \"{name}\""),
                    _ => format!("[[backend]] number {}", i + 1),
                }
            }
            [Seg::Key(k), ..] if k == "keys" => "[keys]".to_string(),
            _ => TOP_LEVEL.to_string(),
        }
    }

    /// `in [[backend]] "shanghai"` for a field of the table (or below it).
    pub fn where_is(&self, path: &[Seg]) -> String {
        match self.table_name(path) {
            top if top == TOP_LEVEL => format!("at {top}"),
            table => format!("in {table}"),
        }
    }
}

/// Dotted field path relative to its table: `inspector.password`, `thresholds.planned.lunch`.
pub(crate) fn field_name(path: &[Seg]) -> String {
    let rest = match path {
        [Seg::Key(b), Seg::Index(_), rest @ ..] if b == "backend" => rest,
        [Seg::Key(k), rest @ ..] if k == "keys" && !rest.is_empty() => rest,
        _ => path,
    };
    rest.iter()
        .map(|s| match s {
            Seg::Key(k) => k.clone(),
            Seg::Index(i) => format!("[{i}]"),
        })
        .collect::<Vec<_>>()
        .join(".")
        .replace(".[", "[")
}

fn search(node: &Node, path: &mut Vec<Seg>, offset: usize, best: &mut (Vec<Seg>, bool)) {
    fn consider(best: &mut (Vec<Seg>, bool), path: &[Seg], on_key: bool) {
        if path.len() > best.0.len() || (path.len() == best.0.len() && on_key && !best.1) {
            *best = (path.to_vec(), on_key);
        }
    }
    let holds = |span: &Option<Range<usize>>| span.as_ref().is_some_and(|s| contains(s, offset));
    match &node.tree {
        Tree::Table(entries) => {
            for (key, value) in entries {
                path.push(Seg::Key(key.name.clone()));
                if holds(&key.span) {
                    consider(best, path, true);
                } else if holds(&value.span) {
                    consider(best, path, false);
                }
                search(value, path, offset, best);
                path.pop();
            }
        }
        Tree::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                if holds(&item.span) {
                    consider(best, path, false);
                }
                search(item, path, offset, best);
                path.pop();
            }
        }
        Tree::Scalar(_) => {}
    }
}

/// A span contains an offset; an empty span at the offset counts too.
fn contains(span: &Range<usize>, offset: usize) -> bool {
    span.contains(&offset) || (span.start == offset && span.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "theme = \"x\"\n\n[[backend]]\nname = \"a\"\n\n[backend.thresholds.planned]\nlunch = 5\n\n[[backend]]\nname = \"b\"\n";

    #[test]
    fn finds_keys_values_and_tables() {
        let doc = Doc::new(SRC, Path::new("c.toml"));
        let pos = |offset| doc.line_col(offset);
        assert_eq!(pos(doc.value_offset(&keypath!["theme"])), (1, 9));
        assert_eq!(pos(doc.value_offset(&keypath!["backend", 0])), (3, 1));
        assert_eq!(
            pos(doc.value_offset(&keypath!["backend", 1, "name"])),
            (10, 8)
        );
        // A missing field: its table's header.
        assert_eq!(
            pos(doc.value_offset(&keypath!["backend", 1, "kind"])),
            (9, 1)
        );
        // Inside an implicit table (`backend.thresholds` has no header of its own).
        let lunch = keypath!["backend", 0, "thresholds", "planned", "lunch"];
        assert_eq!(pos(doc.value_offset(&lunch)), (7, 9));
        let lunch_key = SRC.find("lunch").unwrap();
        assert_eq!(doc.path_at(lunch_key), (lunch.to_vec(), true));
        assert_eq!(doc.path_at(lunch_key + 8), (lunch.to_vec(), false));
        assert_eq!(
            doc.table_name(&keypath!["backend", 1, "x"]),
            "[[backend]] \"b\""
        );
        assert_eq!(doc.where_is(&keypath!["theme"]), "at the top level");
        assert_eq!(
            field_name(&keypath!["backend", 0, "inspector", "password"]),
            "inspector.password"
        );
    }

    #[test]
    fn columns_count_characters() {
        let doc = Doc::new("name = \"上海\" # x\n", Path::new("c.toml"));
        assert_eq!(doc.line_col("name = \"上海\" ".len()), (1, 13));
        assert_eq!(doc.line_col(10_000), (2, 1));
    }
}
