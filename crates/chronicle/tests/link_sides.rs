//! Sides named without a name: "he" a paragraph after the person, "the government" of the
//! country in focus, "we" inside a quote as the speaker's government, lenders as business.
//! Each paragraph below is one sentence, as in wire copy. The sentences are the team's own.

use chronicle::date::PubDate;
use chronicle::doc::Article;
use chronicle::Pipeline;

/// The code of the actor that has a mention whose text is exactly `mention`.
fn code_of(a: &Article, mention: &str) -> Option<String> {
    a.actors
        .iter()
        .find(|x| x.mentions.iter().any(|m| m.text == mention))
        .and_then(|x| x.code.clone())
}

fn annotated(text: &str) -> Article {
    let pipeline = Pipeline::standard().expect("standard pipeline");
    let mut a = Article::new(text.to_string());
    a.date = PubDate::parse("1987-03-10");
    pipeline.annotate(&mut a);
    a
}

#[test]
fn the_government_is_the_government_of_the_country_in_focus() {
    let a = annotated(
        "Norway's parliament will debate the fishing quotas next week.\n\n\
         The government said on Monday that it would cut the quotas by a fifth.\n",
    );
    assert_eq!(
        code_of(&a, "government").as_deref(),
        Some("NORGOV"),
        "{:#?}",
        a.actors
    );
}

#[test]
fn officials_from_a_country_are_left_to_that_country() {
    let a = annotated("Officials from Ghana and Nigeria discussed the border on Tuesday.\n");
    assert_eq!(code_of(&a, "Officials"), None, "{:#?}", a.actors);
}

#[test]
fn he_reaches_back_to_the_subject_of_the_paragraph_before() {
    let a = annotated(
        "French Foreign Minister Jean Dupont met reporters in Paris on Tuesday.\n\n\
         He said the talks with Spain would resume in May.\n",
    );
    assert_eq!(
        code_of(&a, "He").as_deref(),
        Some("FRAGOV"),
        "{:#?}",
        a.actors
    );
}

#[test]
fn we_in_a_quote_is_the_speakers_government() {
    let a = annotated(
        "\"We will not accept the new quotas,\" Canadian Trade Minister Marc Ouellant said.\n",
    );
    assert_eq!(
        code_of(&a, "We").as_deref(),
        Some("CANGOV"),
        "{:#?}",
        a.actors
    );
}

#[test]
fn lenders_without_a_country_are_business() {
    let a = annotated("Brazil will resume talks with the banks on Friday.\n");
    assert_eq!(
        code_of(&a, "banks").as_deref(),
        Some("BUS"),
        "{:#?}",
        a.actors
    );
}

/// The actor that has a mention whose text is exactly `mention`, by name.
fn name_of(a: &Article, mention: &str) -> Option<String> {
    a.actors
        .iter()
        .find(|x| x.mentions.iter().any(|m| m.text == mention))
        .map(|x| x.name.clone())
}

#[test]
fn the_company_is_the_firm_named_just_before() {
    let a = annotated(
        "Norsk Fiskeprodukter AS said on Monday it would close two plants in Tromso.\n\n\
         The company will ask the government for help with the cost.\n",
    );
    let firm = name_of(&a, "Norsk Fiskeprodukter AS");
    assert!(firm.is_some(), "{:#?}", a.actors);
    assert_eq!(name_of(&a, "The company"), firm, "{:#?}", a.actors);
}

#[test]
fn the_bank_is_the_bank_the_passage_is_about_not_one_named_in_passing() {
    let a = annotated(
        "World Bank president Karl Osterholm praised the reforms in Ghana.\n\n\
         Speaking after a lunch at the Export-Import Bank, Osterholm said the bank would \
         lend Ghana more next year.\n",
    );
    assert_eq!(
        name_of(&a, "the bank").as_deref(),
        Some("World Bank"),
        "{:#?}",
        a.actors
    );
}

#[test]
fn the_bank_of_a_country_is_a_name_not_a_phrase() {
    let a = annotated(
        "Norsk Fiskeprodukter AS borrowed from Kreditkassen Bank last year.\n\n\
         The company said the Bank of Norway had raised rates.\n",
    );
    assert_ne!(
        name_of(&a, "Bank").as_deref(),
        Some("Kreditkassen Bank"),
        "{:#?}",
        a.actors
    );
    assert!(
        a.actors
            .iter()
            .all(|x| x.mentions.iter().all(|m| m.text != "the Bank")),
        "{:#?}",
        a.actors
    );
}

#[test]
fn the_party_is_the_party_named_just_before() {
    let a = annotated(
        "Japan's ruling party will seek an early election, a party spokesman said.\n\n\
         The party will also ask the prime minister to cut income taxes.\n",
    );
    let party = name_of(&a, "ruling party");
    assert!(party.is_some(), "{:#?}", a.actors);
    assert_eq!(name_of(&a, "The party"), party, "{:#?}", a.actors);
    assert_eq!(
        code_of(&a, "The party"),
        code_of(&a, "ruling party"),
        "{:#?}",
        a.actors
    );
}

/// Whether the mention whose text is exactly `mention` is recorded as resolved from context.
fn from_context(a: &Article, mention: &str) -> bool {
    a.actors
        .iter()
        .flat_map(|x| &x.context_mentions)
        .any(|m| m.text == mention)
}

#[test]
fn pronouns_and_common_nouns_are_marked_as_read_from_context_and_names_are_not() {
    let a = annotated(
        "Norway's parliament will debate the fishing quotas next week.\n\n\
         The government said on Monday that it would cut the quotas by a fifth.\n\n\
         French Foreign Minister Jean Dupont met reporters in Paris on Tuesday.\n\n\
         He said the talks with Spain would resume in May.\n",
    );
    assert!(from_context(&a, "government"), "{:#?}", a.actors);
    assert!(from_context(&a, "He"), "{:#?}", a.actors);
    assert!(!from_context(&a, "Jean Dupont"), "{:#?}", a.actors);
    assert!(!from_context(&a, "Norway"), "{:#?}", a.actors);
    let firms = annotated(
        "Norsk Fiskeprodukter AS borrowed from Kreditkassen Bank last year.\n\n\
         The company said the Bank of Japan and the two leaders of Chile would meet.\n",
    );
    assert!(from_context(&firms, "The company"), "{:#?}", firms.actors);
    for name in [
        "Kreditkassen Bank",
        "Bank of Japan",
        "Chile",
        "Norsk Fiskeprodukter AS",
    ] {
        assert!(!from_context(&firms, name), "{name}: {:#?}", firms.actors);
    }
    // every such mention is one of the actor's mentions
    for x in &a.actors {
        for c in &x.context_mentions {
            assert!(x.mentions.contains(c), "{:#?}", x);
        }
    }
}
