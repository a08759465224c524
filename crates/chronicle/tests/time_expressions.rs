//! Table-driven checks of the time layer: each sentence is tagged with the article date
//! Friday 2021-03-05 and one expression in it is checked (text, type, value, mod).

use chronicle::date::{Date, PubDate};
use chronicle::pipeline::{Stage, TextStage};
use chronicle::time::TimeStage;
use chronicle::Article;

fn tag(text: &str) -> Article {
    tag_on(text, 2021, 3, 5)
}

#[track_caller]
fn check(sentence: &str, text: &str, kind: &str, value: &str, modifier: Option<&str>) {
    let a = tag(sentence);
    let found: Vec<_> = a
        .times
        .iter()
        .map(|t| (t.text.as_str(), t.kind.as_str(), t.value.as_str()))
        .collect();
    let Some(t) = a.times.iter().find(|t| t.text == text) else {
        panic!("{sentence:?}: {text:?} not found in {found:?}");
    };
    assert_eq!(
        (t.kind.as_str(), t.value.as_str(), t.modifier.as_deref()),
        (kind, value, modifier),
        "{sentence:?}: {text:?}"
    );
}

#[test]
fn absolute_dates_in_news_formats() {
    check(
        "It opened on March 17, 2021.",
        "March 17, 2021",
        "DATE",
        "2021-03-17",
        None,
    );
    check(
        "It opened on 17 March 2021.",
        "17 March 2021",
        "DATE",
        "2021-03-17",
        None,
    );
    check(
        "The vote was held on Feb. 26.",
        "Feb. 26",
        "DATE",
        "2021-02-26",
        None,
    );
    check(
        "Filed 2021-03-05 in Seoul.",
        "2021-03-05",
        "DATE",
        "2021-03-05",
        None,
    );
    check(
        "Filed 3/5/2021 in Seoul.",
        "3/5/2021",
        "DATE",
        "2021-03-05",
        None,
    );
    check(
        "The law of September 2019 stands.",
        "September 2019",
        "DATE",
        "2019-09",
        None,
    );
    check("Sales rose in 1998.", "1998", "DATE", "1998", None);
    check(
        "Sales had risen since Sept. '89.",
        "Sept. '89",
        "DATE",
        "1989-09",
        None,
    );
}

#[test]
fn ranges() {
    let a = tag("Talks ran from 2019 to 2021 without result.");
    let ends: Vec<_> = a.times.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(ends, ["2019", "2021"]);
    for t in &a.times {
        let r = t.range.as_ref().expect("range");
        assert_eq!((r.begin.as_str(), r.end.as_str()), ("2019", "2021"));
    }
    let a = tag("The office will close between Monday and Wednesday.");
    let r = a.times[0].range.as_ref().expect("range");
    assert_eq!(
        (r.begin.as_str(), r.end.as_str()),
        ("2021-03-08", "2021-03-10")
    );
    check(
        "The summit is set for March 17-18.",
        "March 17-18",
        "DATE",
        "2021-03-17",
        None,
    );
}

#[test]
fn calendar_units() {
    check(
        "Prices soared in the 1990s.",
        "the 1990s",
        "DATE",
        "199",
        None,
    );
    check(
        "It was built in the 20th century.",
        "the 20th century",
        "DATE",
        "19",
        None,
    );
    check(
        "Profit rose in the third quarter.",
        "the third quarter",
        "DATE",
        "2020-Q3",
        None,
    );
    check("Profit will rise in Q3.", "Q3", "DATE", "2021-Q3", None);
    check(
        "Exports will recover this summer.",
        "this summer",
        "DATE",
        "2021-SU",
        None,
    );
    check(
        "Exports slumped last winter.",
        "last winter",
        "DATE",
        "2020-WI",
        None,
    );
    check(
        "Output fell in the first half of 2020.",
        "the first half of 2020",
        "DATE",
        "2020-H1",
        None,
    );
}

#[test]
fn weekdays_parts_of_day_and_clock_times() {
    check(
        "He spoke on Tuesday morning.",
        "Tuesday morning",
        "TIME",
        "2021-03-02TMO",
        None,
    );
    check(
        "They will meet tonight.",
        "tonight",
        "TIME",
        "2021-03-05TNI",
        None,
    );
    check(
        "It starts at 3 p.m. local time.",
        "3 p.m. local time",
        "TIME",
        "2021-03-05T15:00",
        None,
    );
    check(
        "Trading halted at 0600 GMT.",
        "0600 GMT",
        "TIME",
        "2021-03-05T06:00",
        None,
    );
    check(
        "The deal was signed at 10:30 a.m.",
        "10:30 a.m.",
        "TIME",
        "2021-03-05T10:30",
        None,
    );
    check(
        "She will arrive next Monday.",
        "next Monday",
        "DATE",
        "2021-03-08",
        None,
    );
    check(
        "She arrived last Monday.",
        "last Monday",
        "DATE",
        "2021-03-01",
        None,
    );
}

#[test]
fn relative_expressions() {
    check(
        "Prices rose last week.",
        "last week",
        "DATE",
        "2021-W08",
        None,
    );
    check(
        "He left two days ago.",
        "two days ago",
        "DATE",
        "2021-03-03",
        None,
    );
    check(
        "Rates will rise next month.",
        "next month",
        "DATE",
        "2021-04",
        None,
    );
    check(
        "Sales fell earlier this year.",
        "earlier this year",
        "DATE",
        "2021",
        Some("START"),
    );
    check(
        "He said so yesterday.",
        "yesterday",
        "DATE",
        "2021-03-04",
        None,
    );
    check(
        "It will be decided tomorrow.",
        "tomorrow",
        "DATE",
        "2021-03-06",
        None,
    );
    check(
        "Shares rose in the coming weeks.",
        "the coming weeks",
        "DATE",
        "FUTURE_REF",
        None,
    );
    let a = tag("Profit rose in the third quarter of 2020, up 4% from a year earlier.");
    let t = a
        .times
        .iter()
        .find(|t| t.text == "a year earlier")
        .expect("found");
    assert_eq!(t.value, "2019-Q3");
    let a = tag("The plant opened on June 3, 2019. The following day, workers struck.");
    let t = a
        .times
        .iter()
        .find(|t| t.text == "The following day")
        .expect("found");
    assert_eq!(t.value, "2019-06-04");
}

#[test]
fn fuzzy_expressions() {
    check(
        "Talks resume in mid-March.",
        "mid-March",
        "DATE",
        "2021-03",
        Some("MID"),
    );
    check(
        "Growth slowed in early 2020.",
        "early 2020",
        "DATE",
        "2020",
        Some("START"),
    );
    check(
        "Growth slowed late last year.",
        "late last year",
        "DATE",
        "2020",
        Some("END"),
    );
    check(
        "The payment is due by the end of the month.",
        "the end of the month",
        "DATE",
        "2021-03",
        Some("END"),
    );
    check(
        "Prices rose in the late 1980s.",
        "the late 1980s",
        "DATE",
        "198",
        Some("END"),
    );
}

#[test]
fn holidays_and_named_days() {
    check(
        "Shops will close on Christmas.",
        "Christmas",
        "DATE",
        "2021-12-25",
        None,
    );
    check(
        "Markets were shut on New Year's Day.",
        "New Year's Day",
        "DATE",
        "2021-01-01",
        None,
    );
    check(
        "Families will meet at Thanksgiving.",
        "Thanksgiving",
        "DATE",
        "2021-11-25",
        None,
    );
    check(
        "Easter falls early this year.",
        "Easter",
        "DATE",
        "2021-04-04",
        None,
    );
    check(
        "Travel peaked before Lunar New Year.",
        "Lunar New Year",
        "DATE",
        "2021-02-12",
        None,
    );
    check(
        "Leaders will speak on Earth Day.",
        "Earth Day",
        "DATE",
        "2021-04-22",
        None,
    );
}

#[test]
fn durations() {
    check(
        "A three-day visit ended.",
        "three-day",
        "DURATION",
        "P3D",
        None,
    );
    check(
        "The war lasted two years.",
        "two years",
        "DURATION",
        "P2Y",
        None,
    );
    check(
        "Prices doubled over the past decade.",
        "the past decade",
        "DURATION",
        "P10Y",
        None,
    );
    check(
        "The strike lasted more than a week.",
        "more than a week",
        "DURATION",
        "P1W",
        Some("MORE_THAN"),
    );
    check(
        "It took twenty-four hours.",
        "twenty-four hours",
        "DURATION",
        "PT24H",
        None,
    );
    check(
        "It took two and a half years.",
        "two and a half years",
        "DURATION",
        "P2Y6M",
        None,
    );
    check(
        "It lasted several weeks.",
        "several weeks",
        "DURATION",
        "PXW",
        None,
    );
}

#[test]
fn sets_and_references() {
    check(
        "The board meets every Monday.",
        "every Monday",
        "SET",
        "XXXX-WXX-1",
        None,
    );
    check(
        "The report is published annually.",
        "annually",
        "SET",
        "P1Y",
        None,
    );
    check("Figures are released weekly.", "weekly", "SET", "P1W", None);
    check("Prices are now lower.", "now", "DATE", "PRESENT_REF", None);
    check(
        "He currently lives in Busan.",
        "currently",
        "DATE",
        "PRESENT_REF",
        None,
    );
    check("She recently moved.", "recently", "DATE", "PAST_REF", None);
}

#[test]
fn words_that_only_look_like_times() {
    for s in [
        "Jan Kavan spoke for the ministry.",
        "The firm may sell its stake.",
        "Crowds march on the capital.",
        "Sun Microsystems reported results.",
        "Sun, the workstation maker, reported results.",
        "A fall in prices hurt exporters.",
        "The two-year-old colt won.",
        "He paid $2000 for it.",
    ] {
        let a = tag(s);
        assert!(a.times.is_empty(), "{s:?}: {:?}", a.times);
    }
}

/// The clause decides the year or week of an underspecified date: the verb group, not
/// just the nearest word that looks like a verb.
#[test]
fn clause_tense_from_verb_groups() {
    // "named" after "will be" is future
    check(
        "The new envoy will be named in December.",
        "December",
        "DATE",
        "2021-12",
        None,
    );
    // "succeed" is no past tense
    check(
        "She will succeed him on Feb. 1.",
        "Feb. 1",
        "DATE",
        "2022-02-01",
        None,
    );
    // intention verbs look ahead
    check(
        "Protesters planned to march on Saturday.",
        "Saturday",
        "DATE",
        "2021-03-06",
        None,
    );
    check(
        "Unions planned a rally on Monday.",
        "Monday",
        "DATE",
        "2021-03-08",
        None,
    );
    check(
        "Talks are to resume Tuesday.",
        "Tuesday",
        "DATE",
        "2021-03-09",
        None,
    );
    // "would" reports a plan
    check(
        "The company said it would open the plant in May.",
        "May",
        "DATE",
        "2021-05",
        None,
    );
    // a clause opened by "Until Thursday," looks back from its own verb
    check(
        "Until Thursday, officials had said nothing.",
        "Thursday",
        "DATE",
        "2021-03-04",
        None,
    );
    // the event's own verb is trusted close to the date; a verb of saying is not
    check(
        "In May, the company hired a new chief.",
        "May",
        "DATE",
        "2020-05",
        None,
    );
    // present tense of a scheduled event looks ahead, a possessive looks back
    check(
        "The ministers are meeting on Monday.",
        "Monday",
        "DATE",
        "2021-03-08",
        None,
    );
    check(
        "The markets are calmer after Tuesday's vote.",
        "Tuesday",
        "DATE",
        "2021-03-02",
        None,
    );
    check(
        "Shares fell from the previous Friday.",
        "the previous Friday",
        "DATE",
        "2021-02-26",
        None,
    );
}

/// TimeML conventions for vague spans, signals and years named with a month.
#[test]
fn timeml_conventions() {
    check(
        "Sales have slowed in recent years.",
        "recent years",
        "DURATION",
        "PXY",
        None,
    );
    // "later" is a signal: the amount is a duration
    check(
        "Three days later, the talks collapsed.",
        "Three days",
        "DURATION",
        "P3D",
        None,
    );
    check(
        "The deal should close by year end.",
        "year end",
        "DATE",
        "2021",
        Some("END"),
    );
    check(
        "The plant closed in February this year.",
        "February this year",
        "DATE",
        "2021-02",
        None,
    );
    check(
        "The plant opened in June last year.",
        "June last year",
        "DATE",
        "2020-06",
        None,
    );
    check(
        "The plan ran until the year two thousand.",
        "the year two thousand",
        "DATE",
        "2000",
        None,
    );
    check(
        "It will take a couple of years.",
        "a couple of years",
        "DURATION",
        "P2Y",
        None,
    );
    check(
        "Prices may rise over the next couple of years.",
        "the next couple of years",
        "DURATION",
        "P2Y",
        None,
    );
    check(
        "The strike may go on for two more weeks.",
        "two more weeks",
        "DURATION",
        "P2W",
        None,
    );
    check(
        "The contract runs an additional year.",
        "an additional year",
        "DURATION",
        "P1Y",
        None,
    );
    check(
        "The index fell for eight trading days.",
        "eight trading days",
        "DURATION",
        "P8D",
        None,
    );
    check(
        "The festival is held each July.",
        "each July",
        "SET",
        "XXXX-07",
        None,
    );
    check(
        "Rates will stay low in the near term.",
        "the near term",
        "DATE",
        "FUTURE_REF",
        None,
    );
    check(
        "Workers staged a day-long strike.",
        "day-long",
        "DURATION",
        "P1D",
        None,
    );
    check(
        "The firm forecast a gain for the full year.",
        "the full year",
        "DATE",
        "2021",
        None,
    );
}

/// In a results story, "the nine months" moves "a year earlier" from the quarter to the
/// year.
#[test]
fn nine_months_compare_with_the_year() {
    let text = "Net income rose in the third quarter. For the nine months, net was $5 million, \
                up from $4 million a year earlier.";
    let a = tag(text);
    let t = a.times.iter().find(|t| t.text == "a year earlier");
    assert_eq!(t.map(|t| t.value.as_str()), Some("2019"), "{:?}", a.times);
}

/// Phrases that only frame another time or a clause are not times of their own.
#[test]
fn framing_phrases_are_left_out() {
    let a = tag("The doctor was shot on the night of Oct. 23.");
    let texts: Vec<_> = a.times.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["Oct. 23"]);
    let a = tag("He was seen the day before police issued a warrant.");
    assert!(a.times.is_empty(), "{:?}", a.times);
    check(
        "The vote was on Monday; talks began the day before.",
        "the day before",
        "DATE",
        "2021-02-28",
        None,
    );
}

/// "the year" of a results story: a fiscal span when its end is given, else the year.
#[test]
fn the_year_in_results() {
    check(
        "Net rose 8% for the year ended Sept. 30.",
        "the year",
        "DURATION",
        "P1Y",
        None,
    );
    check(
        "Volume was flat for the year.",
        "the year",
        "DATE",
        "2021",
        None,
    );
}

fn texts(sentence: &str) -> Vec<String> {
    tag(sentence).times.into_iter().map(|t| t.text).collect()
}

/// A rate is not a time: "a year" after an amount, "annually" after a percentage.
#[test]
fn rates_after_amounts_are_not_times() {
    assert!(texts("The notes pay $2.40 a year in interest.").is_empty());
    assert!(texts("The airline runs four flights a week to Jeju.").is_empty());
    assert!(texts("The factory turns out 300 trucks per month.").is_empty());
    assert!(texts("Exports should grow 6% annually, the ministry said.").is_empty());
    // the day of a date or a year is no amount
    check(
        "The vote was on March 1, a day after the rally.",
        "a day",
        "DURATION",
        "P1D",
        None,
    );
    let found = texts("The vote was on March 1 a day after the rally.");
    assert!(found.iter().any(|t| t == "a day"), "{found:?}");
    // frequencies and true durations stay
    check("Ministers meet twice a year.", "a year", "SET", "P1Y", None);
    check(
        "He served a year in prison.",
        "a year",
        "DURATION",
        "P1Y",
        None,
    );
    check("The two sides talk daily.", "daily", "SET", "P1D", None);
}

/// Time words that news writes in lower case, capitalised inside a sentence, belong to a
/// name: a programme, a film, a march.
#[test]
fn titles_and_names_with_time_words_are_not_times() {
    assert!(
        texts("The minister spoke on KBS's \"This Week,\" a Sunday talk show.")
            .iter()
            .all(|t| t != "This Week")
    );
    assert!(texts("Thousands joined the annual March for Life in the capital.").is_empty());
    assert!(texts("The poster quoted the film \"High Noon\" in large letters.").is_empty());
    assert!(texts("Organisers called the rallies the Spring of Hope.").is_empty());
    assert!(texts("Police watched this march closely.").is_empty());
    check(
        "\"Today we vote,\" the leader said.",
        "Today",
        "DATE",
        "2021-03-05",
        None,
    );
    check("Talks resume in March.", "March", "DATE", "2021-03", None);
}

/// "today's youth" is nowadays; "today's meeting" is the article's day.
#[test]
fn generic_today_is_not_the_article_day() {
    assert!(texts("The plan speaks to today's youth and their worries.").is_empty());
    check(
        "Today's meeting ended early.",
        "Today",
        "DATE",
        "2021-03-05",
        None,
    );
}

/// "April 24 and 25" are two days; "the week of March 15" is that week.
#[test]
fn coordinated_days_and_the_week_of_a_day() {
    let a = tag("The summit will be held on April 24 and 25 in Seoul.");
    let found: Vec<_> = a
        .times
        .iter()
        .map(|t| (t.text.as_str(), t.value.as_str()))
        .collect();
    assert_eq!(found, [("April 24", "2021-04-24"), ("25", "2021-04-25")]);
    check(
        "A hearing is set for the week of March 15.",
        "the week of March 15",
        "DATE",
        "2021-W11",
        None,
    );
}

/// Tense from the verb group: a modal before a passive looks ahead, a plan in the past
/// perfect is over, a present-tense schedule verb looks ahead.
#[test]
fn tense_of_modal_passives_past_perfect_plans_and_schedules() {
    check(
        "The dividend would be paid in June, the board said.",
        "June",
        "DATE",
        "2021-06",
        None,
    );
    check(
        "The offer had been scheduled to expire Wednesday.",
        "Wednesday",
        "DATE",
        "2021-03-03",
        None,
    );
    check(
        "The offer is scheduled to expire Wednesday.",
        "Wednesday",
        "DATE",
        "2021-03-10",
        None,
    );
    check(
        "The two leaders meet Monday in Hanoi.",
        "Monday",
        "DATE",
        "2021-03-08",
        None,
    );
    check(
        "The minister could not be reached Wednesday.",
        "Wednesday",
        "DATE",
        "2021-03-03",
        None,
    );
}

/// Tags with another article date (a weekday other than Friday matters for some rules).
fn tag_on(text: &str, y: i32, m: u32, d: u32) -> Article {
    let mut article = Article::new(text.to_string());
    article.date = Date::new(y, m, d).map(PubDate::day);
    TextStage.annotate(&mut article);
    TimeStage::new().annotate(&mut article);
    article
}

fn value_of(a: &Article, text: &str) -> Option<String> {
    a.times
        .iter()
        .find(|t| t.text == text)
        .map(|t| t.value.clone())
}

/// "the previous Friday" and "overnight" count from the day the text is on, not from the
/// article's date; a weekend told in the past on a weekday is the one just gone.
#[test]
fn anaphoric_days_and_the_past_weekend() {
    // article of Monday 2021-03-08 about Friday's trading
    let a = tag_on(
        "Seoul shares closed lower on Friday. They were hit by overnight losses in New York. \
         The index ended 2% below the previous Friday.",
        2021,
        3,
        8,
    );
    assert_eq!(value_of(&a, "Friday").as_deref(), Some("2021-03-05"));
    assert_eq!(value_of(&a, "overnight").as_deref(), Some("2021-03-04TNI"));
    assert_eq!(
        value_of(&a, "the previous Friday").as_deref(),
        Some("2021-02-26")
    );
    let a = tag_on("Traders sold heavily over the weekend.", 2021, 3, 8);
    assert_eq!(value_of(&a, "the weekend").as_deref(), Some("2021-W09-WE"));
    let a = tag_on("Traders will rest over the weekend.", 2021, 3, 8);
    assert_eq!(value_of(&a, "the weekend").as_deref(), Some("2021-W10-WE"));
}

/// Results stories: "the corresponding period last year" is one expression, the reporting
/// quarter a year back.
#[test]
fn comparison_periods_in_results() {
    let text = "Net income fell 12% in the third quarter. It earned $4 million in the \
                corresponding period last year. In the quarter a year ago, sales were flat.";
    let a = tag_on(text, 2021, 11, 2);
    assert_eq!(
        value_of(&a, "the third quarter").as_deref(),
        Some("2021-Q3")
    );
    assert_eq!(
        value_of(&a, "the corresponding period last year").as_deref(),
        Some("2020-Q3")
    );
    assert_eq!(
        value_of(&a, "the quarter a year ago").as_deref(),
        Some("2020-Q3")
    );
}

/// "mid-afternoon" is a part of a day; with "yesterday" after it, of that day.
#[test]
fn mid_parts_of_day() {
    check(
        "Shares were up 2% by mid-afternoon yesterday.",
        "mid-afternoon yesterday",
        "TIME",
        "2021-03-04TAF",
        Some("MID"),
    );
    check(
        "By mid-morning, the crowd had left.",
        "mid-morning",
        "TIME",
        "2021-03-05TMO",
        Some("MID"),
    );
}

/// A participle after a determiner is an adjective: the tense comes from the real verb.
#[test]
fn participles_after_determiners_are_not_verbs() {
    check(
        "The bonus will go to staff on a still unspecified date in June.",
        "June",
        "DATE",
        "2021-06",
        None,
    );
}

/// A results story's quarter stays the base of "a year ago" for a few sentences, and
/// naming "the quarter" again keeps it there.
#[test]
fn the_reported_quarter_stays_in_view() {
    let text = "Net income rose 10% in the third quarter. Sales were flat. The chairman was \
                pleased. Costs fell. Revenue was higher than a year ago.";
    let a = tag_on(text, 2021, 11, 2);
    assert_eq!(value_of(&a, "a year ago").as_deref(), Some("2020-Q3"));
    let text = "Net income rose 10% in the third quarter. Sales were flat. The chairman was \
                pleased. Costs fell in the quarter. Staff numbers were cut. Wages rose. \
                Revenue was higher than a year ago.";
    let a = tag_on(text, 2021, 11, 2);
    assert_eq!(value_of(&a, "a year ago").as_deref(), Some("2020-Q3"));
}

/// "after a flat second quarter" is a passing mention: the comparison still counts from
/// the quarter the story reports on.
#[test]
fn quarters_named_in_passing_do_not_move_the_story() {
    let text = "Net income rose 10% in the third quarter. After a flat second quarter, sales \
                grew. Charges were taken in the year-earlier period.";
    let a = tag_on(text, 2021, 11, 2);
    assert_eq!(
        value_of(&a, "the year-earlier period").as_deref(),
        Some("2020-Q3")
    );
    // the article of "a third-quarter loss" belongs to the loss
    let text = "The bank reported a third-quarter loss. It had earned $3 million a year ago.";
    let a = tag_on(text, 2021, 11, 2);
    assert_eq!(value_of(&a, "a year ago").as_deref(), Some("2020-Q3"));
}

/// "effective June 1": the day a change takes hold lies ahead of its announcement.
#[test]
fn effective_dates_lie_ahead() {
    check(
        "The bank created a new risk committee, effective Feb. 1.",
        "Feb. 1",
        "DATE",
        "2022-02-01",
        None,
    );
}

/// "since March": what a span starts from lies behind.
#[test]
fn since_looks_back() {
    check(
        "Prices are up 8% since year-end.",
        "year-end",
        "DATE",
        "2020-12-31",
        None,
    );
    check(
        "The carrier has been at sea since November.",
        "November",
        "DATE",
        "2020-11",
        None,
    );
}

/// "current" before a noun is the present; "then current" a past one; fixed terms are not
/// times.
#[test]
fn current_as_a_reference_to_the_present() {
    check(
        "The delay reflects current market conditions.",
        "current",
        "DATE",
        "PRESENT_REF",
        None,
    );
    check(
        "Holders may buy shares at the then current price.",
        "then current",
        "DATE",
        "PAST_REF",
        None,
    );
    assert!(texts("The current account deficit widened.").is_empty());
    check(
        "Sales in the current quarter look strong.",
        "the current quarter",
        "DATE",
        "2021-Q1",
        None,
    );
}

/// "vacation plans" is a noun: only "plans to"/"plans a" look ahead.
#[test]
fn plans_as_a_noun_tells_no_tense() {
    let a = tag_on(
        "On Friday, when the minister set aside her vacation plans, the ministry lifted a \
         travel warning.",
        2021,
        3,
        8,
    );
    assert_eq!(value_of(&a, "Friday").as_deref(), Some("2021-03-05"));
    let a = tag_on("The company plans to open a store on Friday.", 2021, 3, 8);
    assert_eq!(value_of(&a, "Friday").as_deref(), Some("2021-03-12"));
}

/// "the year-ago third quarter" is one expression, that quarter a year back; "that Sun"
/// (a company) is no Sunday.
#[test]
fn year_ago_quarters_and_weekday_abbreviations() {
    let a = tag_on(
        "Profit fell in the third quarter. In the year-ago third quarter, it earned $2 million.",
        2021,
        11,
        2,
    );
    assert_eq!(
        value_of(&a, "the year-ago third quarter").as_deref(),
        Some("2020-Q3")
    );
    assert!(texts("Analysts said the problems that hurt Sun's sales are over.").is_empty());
}

/// "a June agreement" is the month; "June Lee" a person; "in his 30s" an age; "almost a
/// hundred years" a century-long span.
#[test]
fn june_ages_and_a_hundred_years() {
    check(
        "The bank acted under a June agreement with its lenders.",
        "June",
        "DATE",
        "2020-06",
        None,
    );
    assert!(texts("June Lee, a spokeswoman, declined to comment.").is_empty());
    assert!(texts("He moved to Busan when he was in his 30s.").is_empty());
    check(
        "The court has ruled for almost a hundred years.",
        "almost a hundred years",
        "DURATION",
        "P100Y",
        Some("LESS_THAN"),
    );
}

/// Analysts' shorthand for quarters and halves takes its year along: "Q3 of 2020" and
/// "H1 2020" are one expression each; "H2" without a year is not a time.
#[test]
fn short_quarters_and_halves_with_their_year() {
    check(
        "Margins narrowed in Q3 of 2020, the carmaker said.",
        "Q3 of 2020",
        "DATE",
        "2020-Q3",
        None,
    );
    check(
        "Margins narrowed in 4Q 2019.",
        "4Q 2019",
        "DATE",
        "2019-Q4",
        None,
    );
    check(
        "The shipyard booked losses in H1 2020.",
        "H1 2020",
        "DATE",
        "2020-H1",
        None,
    );
    check(
        "Orders should pick up in 2H this year.",
        "2H this year",
        "DATE",
        "2021-H2",
        None,
    );
    assert!(texts("The plant makes H2 from natural gas.").is_empty());
}

/// A month that has not begun cannot be the time of a past event the clause's own verb
/// tells ("renamed itself in December" in an October story is last December); a plan's
/// date ("was planned for June", "are supposed to end by June") and a present passive
/// ("the appeal is heard in June") look ahead.
#[test]
fn past_months_have_begun_and_plans_look_ahead() {
    let on_oct_20 = |s: &str, text: &str| value_of(&tag_on(s, 2021, 10, 20), text);
    assert_eq!(
        on_oct_20("The brewer renamed itself in December.", "December").as_deref(),
        Some("2020-12")
    );
    assert_eq!(
        on_oct_20("The brewer will rename itself in December.", "December").as_deref(),
        Some("2021-12")
    );
    check(
        "The union said the strike was planned for June, but no day was fixed.",
        "June",
        "DATE",
        "2021-06",
        None,
    );
    check(
        "The talks are supposed to end by June.",
        "June",
        "DATE",
        "2021-06",
        None,
    );
    check(
        "The ferry operator's appeal is heard in June in the high court.",
        "June",
        "DATE",
        "2021-06",
        None,
    );
}
