//! Events whose sides are read from the dependency parse: "..., he said" (the quote's verb
//! heads the sentence and "said" hangs from it), and vague acts whose only political side is a
//! pronoun or a common noun. The sentences are the team's own.

#[path = "common/parsed.rs"]
mod parsed;

use chronicle::doc::Article;
use parsed::annotated;

fn codes(refs: &[chronicle::doc::ActorRef]) -> Vec<String> {
    refs.iter().filter_map(|r| r.code.clone()).collect()
}

#[test]
fn reported_speech_after_the_quote_keeps_the_quoted_subject_as_source() {
    // "..., he said": the parse makes "said" a parataxis of "reject"; the act is Chile's, and
    // the speaker is neither its target nor its source.
    let a = annotated(
        "French Foreign Minister Jean Dupont met reporters in Paris on Tuesday.\n\n\
         Chile will reject the Bolivian proposal, he said.\n",
    );
    let reject = event(&a, "reject");
    assert_eq!(codes(&reject.source), ["CHL"], "{reject:#?}");
    assert!(
        !codes(&reject.target).iter().any(|c| c.starts_with("FRA")),
        "{reject:#?}"
    );
}

#[test]
fn reported_speech_before_the_quote_reads_the_same() {
    let a = annotated(
        "French Foreign Minister Jean Dupont met reporters in Paris on Tuesday.\n\n\
         He said Chile will reject the Bolivian proposal.\n",
    );
    let reject = event(&a, "reject");
    assert_eq!(codes(&reject.source), ["CHL"], "{reject:#?}");
}

#[test]
fn a_vague_act_of_a_side_known_only_as_the_government_is_no_event() {
    // "persuade" is diplomatic cooperation unspecified (050): with only "the government" as its
    // political side it is dropped; the same act of a named government stays.
    let unnamed = annotated(
        "Norway's parliament will debate the fishing quotas next week.\n\n\
         The government hopes to persuade the fishermen to accept smaller catches.\n",
    );
    assert!(
        !unnamed.events.iter().any(|e| e.trigger.text == "persuade"),
        "{:#?}",
        unnamed.events
    );
    let named = annotated(
        "The Norwegian government hopes to persuade Iceland to accept smaller catches.\n",
    );
    assert!(
        named.events.iter().any(|e| e.trigger.text == "persuade"),
        "{:#?}",
        named.events
    );
}

fn event<'a>(a: &'a Article, trigger: &str) -> &'a chronicle::doc::Event {
    a.events
        .iter()
        .find(|e| e.trigger.text == trigger)
        .unwrap_or_else(|| panic!("no {trigger:?}: {:#?}", a.events))
}

#[test]
fn a_threat_that_names_no_one_is_made_to_its_contents_target() {
    // the tariffs would hit Japan, so the threat is made to Japan
    let a = annotated("President Mitterrand has threatened to raise tariffs on Japanese cars.\n");
    let threat = event(&a, "threatened");
    assert_eq!(codes(&threat.source), ["FRAGOV"], "{threat:#?}");
    assert_eq!(codes(&threat.target), ["JPN"], "{threat:#?}");
    let content = event(&a, "tariffs");
    assert_eq!(codes(&content.target), ["JPN"], "{content:#?}");
}

#[test]
fn a_meetings_of_phrase_names_who_meets() {
    // the party meets; the prime minister only faced questions there
    let a = annotated(
        "The prime minister faced angry questions at Tuesday's meeting of the \
         Parliamentary Labour Party.\n",
    );
    let meeting = event(&a, "meeting");
    assert_eq!(codes(&meeting.source), ["GBROPP"], "{meeting:#?}");
    assert!(meeting.target.is_empty(), "{meeting:#?}");
}

#[test]
fn the_object_after_a_participle_is_not_its_subject() {
    // "asking the United Nations": the UN is asked, it does not ask
    let a = annotated(
        "\"We will file papers tonight\" asking the United Nations to send observers, a \
         spokesman for the rebels said.\n",
    );
    let ask = event(&a, "asking");
    assert_eq!(codes(&ask.target), ["IGOUNO"], "{ask:#?}");
    assert!(
        !codes(&ask.source).iter().any(|c| c == "IGOUNO"),
        "{ask:#?}"
    );
}
