//! Actor and country fields that take names: `actor=Biden` is Joe Biden's events (one
//! stored actor), `country=Korea` asks which Korea. A code (`USAGOV`, `KOR`) is taken as
//! it is. A name that matches nothing is an error naming it, a name that matches several
//! actors an error listing them (the UI offers them as links): never a silent empty list.

use chronicle_archive as archive;
use serde::Serialize;

use crate::error::ApiError;

/// A name resolved to one stored actor or one country.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Resolved {
    /// The parameter (`actor`, `country`).
    pub param: String,
    /// What was given.
    pub given: String,
    /// The actor's row (`None` for a country).
    pub id: Option<i64>,
    pub name: String,
    pub code: Option<String>,
}

/// A name that names several actors or countries.
#[derive(Debug, Clone)]
pub(crate) struct Ambiguous {
    pub param: String,
    pub given: String,
    pub choices: Vec<archive::ActorRow>,
}

/// Why a filter could not be resolved.
#[derive(Debug, Clone)]
pub(crate) enum Unresolved {
    Ambiguous(Ambiguous),
    Error(ApiError),
}

impl From<ApiError> for Unresolved {
    fn from(e: ApiError) -> Self {
        Unresolved::Error(e)
    }
}

impl Unresolved {
    /// The JSON API's answer: a 400 naming the choices.
    pub(crate) fn into_api_error(self) -> ApiError {
        match self {
            Unresolved::Error(e) => e,
            Unresolved::Ambiguous(a) => {
                let choices: Vec<String> = a
                    .choices
                    .iter()
                    .map(|c| match &c.code {
                        Some(code) => format!("{} ({code}, id {})", c.name, c.id),
                        None => format!("{} (id {})", c.name, c.id),
                    })
                    .collect();
                ApiError::bad_request(format!(
                    "{}: {:?} names several actors; give one of their codes or ids ({}={}), or a fuller name: {}",
                    a.param,
                    a.given,
                    a.param,
                    if a.param == "country" { "KOR" } else { "id:17" },
                    choices.join("; ")
                ))
            }
        }
    }
}

/// Runs a page's lookups: an ambiguous name is the page's answer (a choice to offer), any
/// other failure its error. Inside `run`, `?` takes both resolution and query errors.
pub(crate) fn for_page<T>(
    run: impl FnOnce() -> Result<T, Unresolved>,
) -> Result<Result<T, Ambiguous>, ApiError> {
    match run() {
        Ok(found) => Ok(Ok(found)),
        Err(Unresolved::Ambiguous(a)) => Ok(Err(a)),
        Err(Unresolved::Error(e)) => Err(e),
    }
}

/// Whether a value is written as a CAMEO code (upper case letters and digits, 3 to 12).
pub(crate) fn is_code(s: &str) -> bool {
    (3..=12).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

const CHOICES: usize = 12;

/// A failed lookup: a bad value is the client's, the rest ours (as the API maps them).
fn archive_err(e: archive::Error) -> ApiError {
    match e {
        archive::Error::Query(m) => ApiError::bad_request(m),
        other => ApiError::internal(other.to_string()),
    }
}

/// One `actor` value: `None` when it is a code to use as it is, else the actor it names.
pub(crate) fn actor(
    archive: &archive::Archive,
    given: &str,
) -> Result<Option<Resolved>, Unresolved> {
    let given = given.trim();
    if given.is_empty() || is_code(given) {
        return Ok(None);
    }
    // `kor` is the code KOR when actors have it: codes are matched by prefix.
    let upper = given.to_ascii_uppercase();
    if is_code(&upper) {
        let coded = archive
            .actors(&archive::ActorQuery {
                code: Some(upper),
                limit: Some(1),
                ..Default::default()
            })
            .map_err(archive_err)?;
        if !coded.is_empty() {
            return Ok(None);
        }
    }
    let resolved = |a: &archive::ActorRow| Resolved {
        param: "actor".into(),
        given: given.to_string(),
        id: Some(a.id),
        name: a.name.clone(),
        code: a.code.clone(),
    };
    if let Some(id) = given.strip_prefix("id:") {
        let id: i64 = id.trim().parse().map_err(|_| {
            ApiError::bad_request(format!("actor: expected id:NUMBER, got {given:?}"))
        })?;
        return match archive.actor(id).map_err(archive_err)? {
            Some(a) => Ok(Some(resolved(&a))),
            None => Err(ApiError::bad_request(format!("actor: no actor with id {id}")).into()),
        };
    }
    let rows = archive
        .actors(&archive::ActorQuery {
            q: Some(given.to_string()),
            limit: Some(CHOICES),
            ..Default::default()
        })
        .map_err(archive_err)?;
    let exact: Vec<archive::ActorRow> = rows
        .iter()
        .filter(|a| a.name.eq_ignore_ascii_case(given))
        .cloned()
        .collect();
    match (rows.as_slice(), exact.as_slice()) {
        ([], _) => Err(ApiError::bad_request(format!(
            "actor: no actor named {given:?} in the archive (try part of the name, or a code such as USAGOV)"
        ))
        .into()),
        ([one], _) | (_, [one]) => Ok(Some(resolved(one))),
        _ => Err(Unresolved::Ambiguous(Ambiguous {
            param: "actor".into(),
            given: given.to_string(),
            choices: rows,
        })),
    }
}

/// A `country` value: a three-letter code as it is, else the one country it names.
pub(crate) fn country(
    archive: &archive::Archive,
    given: &str,
) -> Result<Option<Resolved>, Unresolved> {
    let given = given.trim();
    if given.is_empty() || (given.len() == 3 && given.bytes().all(|b| b.is_ascii_alphabetic())) {
        return Ok(None);
    }
    let rows = archive
        .actors(&archive::ActorQuery {
            q: Some(given.to_string()),
            limit: Some(200),
            ..Default::default()
        })
        .map_err(archive_err)?;
    let mut countries: Vec<archive::ActorRow> = Vec::new();
    for a in rows {
        let Some(rest) = a.key.strip_prefix("kb:country/") else {
            continue;
        };
        if rest.contains('/') || rest.contains('#') {
            continue;
        }
        if !countries.iter().any(|c| c.country == a.country) {
            countries.push(a);
        }
    }
    let exact: Vec<archive::ActorRow> = countries
        .iter()
        .filter(|a| a.name.eq_ignore_ascii_case(given))
        .cloned()
        .collect();
    match (countries.as_slice(), exact.as_slice()) {
        ([], _) => Err(ApiError::bad_request(format!(
            "country: no country named {given:?} in the archive (give its ISO-3 code, e.g. KOR)"
        ))
        .into()),
        ([one], _) | (_, [one]) => Ok(Some(Resolved {
            param: "country".into(),
            given: given.to_string(),
            id: None,
            name: one.name.clone(),
            code: one.country.clone(),
        })),
        _ => Err(Unresolved::Ambiguous(Ambiguous {
            param: "country".into(),
            given: given.to_string(),
            choices: countries.into_iter().take(CHOICES).collect(),
        })),
    }
}

/// Resolves the `actor` and `country` names of an event query in place: named actors move
/// from `actors` (codes) to `actor_ids`, a named country becomes its code.
pub(crate) fn event_query(
    archive: &archive::Archive,
    q: &mut archive::EventQuery,
    given_country: Option<&str>,
) -> Result<Vec<Resolved>, Unresolved> {
    let mut out = Vec::new();
    let mut codes = Vec::new();
    for a in std::mem::take(&mut q.actors) {
        match actor(archive, &a)? {
            Some(r) => {
                if let Some(id) = r.id {
                    q.actor_ids.push(id);
                }
                out.push(r);
            }
            None => codes.push(a.trim().to_uppercase()),
        }
    }
    q.actors = codes;
    if let Some(c) = given_country {
        if let Some(r) = country(archive, c)? {
            q.country = r.code.clone();
            out.push(r);
        }
    }
    Ok(out)
}

/// The `actor` of a chart query (counts, network, timeline): a code stays in `code` (the
/// archive prefix-matches it), a name moves to `ids` as the one stored actor it names.
pub(crate) fn chart_actor(
    archive: &archive::Archive,
    code: &mut Option<String>,
    ids: &mut Vec<i64>,
) -> Result<Option<Resolved>, Unresolved> {
    let Some(given) = code.clone() else {
        return Ok(None);
    };
    match actor(archive, &given)? {
        Some(r) => {
            if let Some(id) = r.id {
                ids.push(id);
            }
            *code = None;
            Ok(Some(r))
        }
        None => {
            *code = Some(given.trim().to_uppercase()).filter(|c| !c.is_empty());
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_upper_case_letters_and_digits() {
        assert!(is_code("USAGOV"));
        assert!(is_code("KOR"));
        assert!(!is_code("Biden"));
        assert!(!is_code("usa"));
        assert!(!is_code("US"));
    }
}
