//! The shipped knowledge-base files, compiled in once and read by every stage that needs them
//! (the KB loader, the NER gazetteer and rules).

pub(crate) const COUNTRIES: &str = include_str!("../../../../data/kb/countries.tsv");
pub(crate) const HISTORICAL: &str = include_str!("../../../../data/kb/historical_countries.tsv");
pub(crate) const NATIONALITIES: &str = include_str!("../../../../data/kb/nationalities.tsv");
pub(crate) const CITIES: &str = include_str!("../../../../data/kb/cities.tsv");
pub(crate) const PLACE_ALIASES: &str = include_str!("../../../../data/kb/place_aliases.tsv");
pub(crate) const IGOS: &str = include_str!("../../../../data/kb/igos.tsv");
pub(crate) const BODIES: &str = include_str!("../../../../data/kb/bodies.tsv");
pub(crate) const SECTORS: &str = include_str!("../../../../data/kb/sectors.tsv");
pub(crate) const TITLES: &str = include_str!("../../../../data/kb/titles.tsv");
pub(crate) const PEOPLE: &str = include_str!("../../../../data/kb/people.tsv");
/// Actors the Phoenix dictionaries lack or date wrongly, in the shape of `phoenix/actors.tsv`.
pub(crate) const CURATED_ACTORS: &str = include_str!("../../../../data/kb/curated_actors.tsv");
pub(crate) const PHOENIX_AGENTS: &str = include_str!("../../../../data/kb/phoenix/agents.tsv");
pub(crate) const PHOENIX_ACTORS_GZ: &[u8] =
    include_bytes!("../../../../data/kb/phoenix/actors.tsv.gz");
