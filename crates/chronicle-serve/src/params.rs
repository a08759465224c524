//! Query-string parameters: repeated keys (`actor=USA&actor=KOR`), comma lists, typed getters
//! with messages that say which parameter was wrong, and a check against unknown names (a
//! misspelt filter must not silently return everything).

use crate::error::ApiError;

/// The deepest page start accepted (documented in openapi.json).
pub const MAX_OFFSET: usize = 1_000_000;

#[derive(Debug, Default, Clone)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub fn parse(query: Option<&str>) -> Params {
        let pairs = form_urlencoded::parse(query.unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.trim().to_string()))
            .collect();
        Params { pairs }
    }

    /// Fails on any parameter not in `allowed`.
    pub fn allow_only(&self, allowed: &[&str]) -> Result<(), ApiError> {
        for (k, _) in &self.pairs {
            if !allowed.contains(&k.as_str()) {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {k:?}; this endpoint takes: {}",
                    allowed.join(", ")
                )));
            }
        }
        Ok(())
    }

    /// The last non-empty value of `name`.
    pub fn get(&self, name: &str) -> Option<String> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.clone())
    }

    /// All values of `name` joined by commas, as given (for links that keep a filter).
    pub fn all_raw(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .pairs
            .iter()
            .filter(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(","))
    }

    /// Every value of `name`, commas splitting lists, empty items dropped.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// An upper-cased code (actor, country, PLOVER type), which the archive stores upper-case.
    pub fn code(&self, name: &str) -> Option<String> {
        self.get(name).map(|v| v.to_ascii_uppercase())
    }

    pub fn codes(&self, name: &str) -> Vec<String> {
        self.all(name)
            .into_iter()
            .map(|v| v.to_ascii_uppercase())
            .collect()
    }

    pub fn lower(&self, name: &str) -> Option<String> {
        self.get(name).map(|v| v.to_ascii_lowercase())
    }

    pub fn usize(&self, name: &str) -> Result<Option<usize>, ApiError> {
        self.get(name)
            .map(|v| {
                v.parse().map_err(|_| {
                    ApiError::bad_request(format!("{name}: expected a whole number, got {v:?}"))
                })
            })
            .transpose()
    }

    pub fn i64(&self, name: &str) -> Result<Option<i64>, ApiError> {
        self.get(name)
            .map(|v| {
                v.parse().map_err(|_| {
                    ApiError::bad_request(format!("{name}: expected a whole number, got {v:?}"))
                })
            })
            .transpose()
    }

    pub fn f64(&self, name: &str) -> Result<Option<f64>, ApiError> {
        self.get(name)
            .map(|v| match v.parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(x),
                _ => Err(ApiError::bad_request(format!(
                    "{name}: expected a number, got {v:?}"
                ))),
            })
            .transpose()
    }

    /// `true/false/1/0/yes/no/on`; absent is `false`.
    pub fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.lower(name).as_deref() {
            None | Some("false" | "0" | "no" | "off") => Ok(false),
            Some("true" | "1" | "yes" | "on") => Ok(true),
            Some(other) => Err(ApiError::bad_request(format!(
                "{name}: expected true or false, got {other:?}"
            ))),
        }
    }

    /// A date filter: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checked here so the message is clear.
    pub fn date(&self, name: &str) -> Result<Option<String>, ApiError> {
        let Some(v) = self.get(name) else {
            return Ok(None);
        };
        let ok = match v.len() {
            4 => v.parse::<i32>().is_ok(),
            7 => chronicle::date::Date::parse_iso(&format!("{v}-01")).is_some(),
            10 => chronicle::date::Date::parse_iso(&v).is_some(),
            _ => false,
        };
        if ok {
            Ok(Some(v))
        } else {
            Err(ApiError::bad_request(format!(
                "{name}: expected a date as YYYY-MM-DD (or YYYY-MM, YYYY), got {v:?}"
            )))
        }
    }

    /// `limit` clamped to `max` (the effective value is echoed in responses).
    pub fn limit(&self, default: usize, max: usize) -> Result<usize, ApiError> {
        Ok(self.usize("limit")?.unwrap_or(default).min(max))
    }

    /// `offset`, at most [`MAX_OFFSET`]: a larger one is a 400, not a wrapped-around page.
    pub fn offset(&self) -> Result<usize, ApiError> {
        let offset = self.usize("offset")?.unwrap_or(0);
        if offset > MAX_OFFSET {
            return Err(ApiError::bad_request(format!(
                "offset: at most {MAX_OFFSET}, got {offset}"
            )));
        }
        Ok(offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_codes_and_types() {
        let p = Params::parse(Some("actor=usa&actor=KOR,prk&q=a+b%26c&limit=5&dup=yes&x="));
        assert_eq!(p.codes("actor"), ["USA", "KOR", "PRK"]);
        assert_eq!(p.get("q").as_deref(), Some("a b&c"));
        assert_eq!(p.limit(50, 3).unwrap(), 3);
        assert!(p.flag("dup").unwrap());
        assert_eq!(p.get("x"), None);
        assert!(p.allow_only(&["actor", "q", "limit", "dup", "x"]).is_ok());
        let err = p.allow_only(&["q"]).unwrap_err();
        assert!(err.message.contains("\"actor\""));
    }

    #[test]
    fn bad_values_are_400s_that_name_the_parameter() {
        let p = Params::parse(Some(
            "limit=-1&since=2021-02-30&until=2021-03&min=nan&flag=maybe",
        ));
        assert!(p.usize("limit").unwrap_err().message.starts_with("limit:"));
        assert!(p.date("since").is_err());
        assert_eq!(p.date("until").unwrap().as_deref(), Some("2021-03"));
        assert!(p.f64("min").is_err());
        assert!(p.flag("flag").is_err());
        assert_eq!(Params::parse(None).offset().unwrap(), 0);
        let huge = Params::parse(Some(
            "offset=18446744073709551615&limit=18446744073709551616",
        ));
        assert!(huge.offset().unwrap_err().message.starts_with("offset:"));
        assert!(huge.limit(10, 100).is_err());
    }
}
