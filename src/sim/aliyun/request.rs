//! RPC request parameters: the query string ∪ the form body, strictly decoded, with typed
//! accessors that fail with the documented parameter errors.

use super::error::ApiError;

/// Decoded request parameters, query first, then form body.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

/// Strictly decodes `a=1&b=%20x` (`+` is a space); bytes that are not UTF-8 are an error.
fn decode(raw: &[u8]) -> Result<Vec<(String, String)>, ApiError> {
    let mut out = Vec::new();
    for part in raw.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let (k, v) = match part.iter().position(|b| *b == b'=') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => (part, &part[part.len()..]),
        };
        let one = |s: &[u8]| -> Result<String, ApiError> {
            let spaced: Vec<u8> = s
                .iter()
                .map(|b| if *b == b'+' { b' ' } else { *b })
                .collect();
            percent_encoding::percent_decode(&spaced)
                .decode_utf8()
                .map(|c| c.into_owned())
                .map_err(|_| ApiError::invalid("(request encoding)", "UTF-8 text"))
        };
        out.push((one(k)?, one(v)?));
    }
    Ok(out)
}

fn is_form(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|ct| ct.split(';').next())
        .is_some_and(|m| {
            m.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

impl Params {
    /// Parses the raw query and, when it is a form, the body.
    pub fn parse(
        raw_query: &str,
        body: &[u8],
        content_type: Option<&str>,
    ) -> Result<Params, ApiError> {
        let mut pairs = decode(raw_query.as_bytes())?;
        if is_form(content_type) {
            pairs.extend(decode(body)?);
        }
        Ok(Params { pairs })
    }

    /// The first value of `name`, as sent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A non-blank value, trimmed; `None` when absent or blank.
    pub fn optional(&self, name: &str) -> Option<&str> {
        self.get(name).map(str::trim).filter(|v| !v.is_empty())
    }

    /// A required value: absent gives `Missing{Name}`, blank gives `Parameter.Blank`.
    pub fn required(&self, name: &str) -> Result<&str, ApiError> {
        let v = self.get(name).ok_or_else(|| ApiError::missing(name))?;
        let v = v.trim();
        if v.is_empty() {
            return Err(ApiError::blank(name));
        }
        Ok(v)
    }

    /// An integer within `min..=max`; `None` when absent and not required.
    pub fn int_in(
        &self,
        name: &str,
        min: i64,
        max: i64,
        required: bool,
    ) -> Result<Option<i64>, ApiError> {
        let text = if required {
            Some(self.required(name)?)
        } else {
            self.optional(name)
        };
        let Some(text) = text else {
            return Ok(None);
        };
        let n: i64 = text
            .parse()
            .map_err(|_| ApiError::invalid(name, "an integer"))?;
        if n < min {
            return Err(ApiError::minimum(name, min));
        }
        if n > max {
            return Err(ApiError::maximum(name, max));
        }
        Ok(Some(n))
    }

    /// `PageNumber` and `PageSize`, both required, both 1..=100.
    pub fn paging(&self) -> Result<(usize, usize), ApiError> {
        let number = self.int_in("PageNumber", 1, 100, true)?.unwrap_or(1);
        let size = self.int_in("PageSize", 1, 100, true)?.unwrap_or(1);
        Ok((number as usize, size as usize))
    }

    /// A boolean sent as `true`/`false`.
    pub fn boolean(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.optional(name) {
            None => Ok(None),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(_) => Err(ApiError::enumeration(name, &["true", "false"])),
        }
    }

    /// A list sent as a JSON-array string (`["a","b"]`); `None` when absent or blank.
    pub fn json_list(&self, name: &str) -> Result<Option<Vec<String>>, ApiError> {
        let Some(text) = self.optional(name) else {
            return Ok(None);
        };
        let list: Vec<String> = serde_json::from_str(text)
            .map_err(|_| ApiError::invalid(name, "a JSON array of strings"))?;
        Ok(Some(
            list.into_iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        ))
    }

    /// A JSON-array list whose values must come from `allowed` (compared case-insensitively;
    /// returned in the allowed spelling).
    pub fn json_enum_list(
        &self,
        name: &str,
        allowed: &[&'static str],
    ) -> Result<Option<Vec<&'static str>>, ApiError> {
        let Some(list) = self.json_list(name)? else {
            return Ok(None);
        };
        list.iter()
            .map(|v| {
                allowed
                    .iter()
                    .find(|a| a.eq_ignore_ascii_case(v))
                    .copied()
                    .ok_or_else(|| ApiError::enumeration(name, allowed))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// A single value that must come from `allowed` (case-insensitive).
    pub fn enum_value(
        &self,
        name: &str,
        allowed: &[&'static str],
    ) -> Result<Option<&'static str>, ApiError> {
        let Some(v) = self.optional(name) else {
            return Ok(None);
        };
        allowed
            .iter()
            .find(|a| a.eq_ignore_ascii_case(v))
            .copied()
            .map(Some)
            .ok_or_else(|| ApiError::enumeration(name, allowed))
    }

    /// A flattened repeated parameter (`Name.1`, `Name.2`, …) in index order.
    pub fn flat_list(&self, name: &str) -> Result<Vec<String>, ApiError> {
        let prefix = format!("{name}.");
        let mut items: Vec<(u32, String)> = Vec::new();
        for (k, v) in &self.pairs {
            if let Some(n) = k.strip_prefix(&prefix) {
                let n: u32 = n
                    .parse()
                    .map_err(|_| ApiError::invalid(k, "a numbered list item Name.N"))?;
                items.push((n, v.trim().to_string()));
            }
        }
        items.sort_by_key(|(n, _)| *n);
        Ok(items.into_iter().map(|(_, v)| v).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_and_form_body_merge() {
        let p = Params::parse(
            "InstanceId=ccc-sim&PageSize=10",
            b"AgentIdList=%5B%22a%40ccc-sim%22%5D&Query=a+b",
            Some("application/x-www-form-urlencoded; charset=utf-8"),
        )
        .unwrap();
        assert_eq!(p.get("InstanceId"), Some("ccc-sim"));
        assert_eq!(p.get("Query"), Some("a b"));
        assert_eq!(
            p.json_list("AgentIdList").unwrap(),
            Some(vec!["a@ccc-sim".to_string()])
        );
    }

    #[test]
    fn body_ignored_unless_form() {
        let p = Params::parse("", b"A=1", Some("application/json")).unwrap();
        assert_eq!(p.get("A"), None);
    }

    #[test]
    fn bad_utf8_is_an_error() {
        assert!(Params::parse("A=%FF", b"", None).is_err());
    }

    #[test]
    fn typed_errors() {
        let p = Params::parse("PageSize=101&PageNumber=0&B=yes&L=nope", b"", None).unwrap();
        assert_eq!(
            p.int_in("PageSize", 1, 100, true).unwrap_err().code,
            "Parameter.Maximum"
        );
        assert_eq!(
            p.int_in("PageNumber", 1, 100, true).unwrap_err().code,
            "Parameter.Minimum"
        );
        assert_eq!(p.int_in("X", 1, 100, true).unwrap_err().code, "MissingX");
        assert_eq!(p.boolean("B").unwrap_err().code, "Parameter.Enumeration");
        assert_eq!(p.json_list("L").unwrap_err().code, "InvalidParameter");
    }

    #[test]
    fn flat_list_in_index_order() {
        let p = Params::parse("R.2=b&R.1=a&R.10=c", b"", None).unwrap();
        assert_eq!(p.flat_list("R").unwrap(), vec!["a", "b", "c"]);
    }
}
