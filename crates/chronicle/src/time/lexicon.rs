//! The tagger's vocabulary: every word that can start or extend a time expression, mapped
//! once (when the stage is built) to a small [`Lex`] class so the matcher never compares
//! strings on the hot path.
//!
//! Facts only: English month, weekday, unit and number words, written for this project.

use crate::learn::hash::WordMap;

/// Calendar and clock units; the order is from finest to coarsest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Weekend,
    Week,
    Fortnight,
    Month,
    Quarter,
    Half,
    Season,
    Year,
    Decade,
    Century,
    Millennium,
}

impl Unit {
    /// The TIMEX3 duration letter(s) and the multiplier into that letter's unit.
    pub(super) fn duration_parts(self) -> (&'static str, i64, bool) {
        // (designator, factor, is_time_part)
        match self {
            Unit::Second => ("S", 1, true),
            Unit::Minute => ("M", 1, true),
            Unit::Hour => ("H", 1, true),
            Unit::Day => ("D", 1, false),
            Unit::Weekend => ("WE", 1, false),
            Unit::Week => ("W", 1, false),
            Unit::Fortnight => ("W", 2, false),
            Unit::Month => ("M", 1, false),
            Unit::Quarter => ("Q", 1, false),
            Unit::Half => ("M", 6, false),
            Unit::Season => ("M", 3, false),
            Unit::Year => ("Y", 1, false),
            Unit::Decade => ("Y", 10, false),
            Unit::Century => ("Y", 100, false),
            Unit::Millennium => ("Y", 1000, false),
        }
    }
}

/// Parts of the day, with their TIMEX3 codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DayPart {
    Morning,
    Afternoon,
    Evening,
    Night,
    Daytime,
    /// A clock hour: noon = 12, midnight = 24.
    Clock(u32),
}

impl DayPart {
    pub(super) fn code(self) -> &'static str {
        match self {
            DayPart::Morning => "MO",
            DayPart::Afternoon => "AF",
            DayPart::Evening => "EV",
            DayPart::Night => "NI",
            DayPart::Daytime => "DT",
            DayPart::Clock(_) => "",
        }
    }
}

/// Seasons, with their TIMEX3 codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    pub(super) fn code(self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Fall => "FA",
            Season::Winter => "WI",
        }
    }
    /// The month a season starts in (northern hemisphere).
    pub(super) fn first_month(self) -> u32 {
        match self {
            Season::Spring => 3,
            Season::Summer => 6,
            Season::Fall => 9,
            Season::Winter => 12,
        }
    }
}

/// Function words and modifiers the grammar looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum W {
    The,
    A,
    This,
    That,
    These,
    Last,
    Next,
    Past,
    Coming,
    Following,
    Previous,
    Same,
    Current,
    Latest,
    Ago,
    Earlier,
    Later,
    Before,
    After,
    Hence,
    Early,
    Mid,
    Middle,
    Late,
    End,
    Beginning,
    Start,
    Approx,
    Nearly,
    More,
    Less,
    Than,
    Over,
    Under,
    AtLeast,
    Of,
    And,
    Or,
    To,
    Through,
    From,
    Between,
    In,
    On,
    At,
    By,
    For,
    During,
    Since,
    Until,
    Every,
    Per,
    Times,
    Once,
    Twice,
    Today,
    Yesterday,
    Tomorrow,
    Tonight,
    Overnight,
    Now,
    Few,
    Several,
    Couple,
    Many,
    Recent,
    Fiscal,
    Full,
    Whole,
    Entire,
    Half,
    Am,
    Pm,
    Zone,
    Local,
    Time,
    Ahead,
    Dozen,
    Hundred,
    Thousand,
    Nineties,
    Other,
}

/// A reference word with a fixed TIMEX3 value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RefWord {
    Present,
    Past,
    Future,
}

/// What a (lower-cased) word is to the tagger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lex {
    Month(u32),
    Weekday(u32),
    /// Plural weekdays ("Mondays") make sets.
    Weekdays(u32),
    Card(i64),
    Ord(i64),
    Unit(Unit),
    Units(Unit),
    Part(DayPart),
    Parts(DayPart),
    Season(Season),
    W(W),
    Ref(RefWord),
    /// "daily", "weekly", ... : a set with this unit.
    SetAdv(Unit),
    /// A word that begins a holiday name.
    Holiday,
}

/// Longest word the lexicon holds; longer tokens are never looked up.
pub(super) const MAX_WORD: usize = 16;

pub(super) struct Lexicon {
    words: WordMap<&'static str, Lex>,
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

const WEEKDAYS: &[(&str, u32)] = &[
    ("monday", 1),
    ("mon", 1),
    ("tuesday", 2),
    ("tue", 2),
    ("tues", 2),
    ("wednesday", 3),
    ("wed", 3),
    ("thursday", 4),
    ("thu", 4),
    ("thur", 4),
    ("thurs", 4),
    ("friday", 5),
    ("fri", 5),
    ("saturday", 6),
    ("sat", 6),
    ("sunday", 7),
    ("sun", 7),
];

const CARDINALS: &[(&str, i64)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

const ORDINALS: &[(&str, i64)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
    ("thirteenth", 13),
    ("fourteenth", 14),
    ("fifteenth", 15),
    ("sixteenth", 16),
    ("seventeenth", 17),
    ("eighteenth", 18),
    ("nineteenth", 19),
    ("twentieth", 20),
    ("thirtieth", 30),
];

const UNITS: &[(&str, &str, Unit)] = &[
    ("second", "seconds", Unit::Second),
    ("sec", "secs", Unit::Second),
    ("minute", "minutes", Unit::Minute),
    ("min", "mins", Unit::Minute),
    ("hour", "hours", Unit::Hour),
    ("hr", "hrs", Unit::Hour),
    ("day", "days", Unit::Day),
    ("weekend", "weekends", Unit::Weekend),
    ("week", "weeks", Unit::Week),
    ("fortnight", "fortnights", Unit::Fortnight),
    ("month", "months", Unit::Month),
    ("quarter", "quarters", Unit::Quarter),
    ("year", "years", Unit::Year),
    ("yr", "yrs", Unit::Year),
    ("decade", "decades", Unit::Decade),
    ("century", "centuries", Unit::Century),
    ("millennium", "millennia", Unit::Millennium),
];

const PARTS: &[(&str, &str, DayPart)] = &[
    ("morning", "mornings", DayPart::Morning),
    ("afternoon", "afternoons", DayPart::Afternoon),
    ("evening", "evenings", DayPart::Evening),
    ("night", "nights", DayPart::Night),
    ("daytime", "daytimes", DayPart::Daytime),
    ("noon", "noons", DayPart::Clock(12)),
    ("midday", "middays", DayPart::Clock(12)),
    ("midnight", "midnights", DayPart::Clock(24)),
];

const SEASONS: &[(&str, Season)] = &[
    ("spring", Season::Spring),
    ("springtime", Season::Spring),
    ("summer", Season::Summer),
    ("summertime", Season::Summer),
    ("fall", Season::Fall),
    ("autumn", Season::Fall),
    ("winter", Season::Winter),
    ("wintertime", Season::Winter),
];

const FUNCTION_WORDS: &[(&str, W)] = &[
    ("the", W::The),
    ("a", W::A),
    ("an", W::A),
    ("this", W::This),
    ("that", W::That),
    ("these", W::These),
    ("those", W::These),
    ("last", W::Last),
    ("next", W::Next),
    ("past", W::Past),
    ("coming", W::Coming),
    ("upcoming", W::Coming),
    ("following", W::Following),
    ("previous", W::Previous),
    ("preceding", W::Previous),
    ("prior", W::Previous),
    ("same", W::Same),
    ("current", W::Current),
    ("latest", W::Latest),
    ("ago", W::Ago),
    ("earlier", W::Earlier),
    ("later", W::Later),
    ("before", W::Before),
    ("after", W::After),
    ("hence", W::Hence),
    ("early", W::Early),
    ("mid", W::Mid),
    ("middle", W::Middle),
    ("late", W::Late),
    ("end", W::End),
    ("close", W::End),
    ("beginning", W::Beginning),
    ("start", W::Start),
    ("dawn", W::Start),
    ("about", W::Approx),
    ("around", W::Approx),
    ("approximately", W::Approx),
    ("roughly", W::Approx),
    ("some", W::Approx),
    ("nearly", W::Nearly),
    ("almost", W::Nearly),
    ("more", W::More),
    ("less", W::Less),
    ("fewer", W::Less),
    ("than", W::Than),
    ("over", W::Over),
    ("under", W::Under),
    ("least", W::AtLeast),
    ("of", W::Of),
    ("and", W::And),
    ("or", W::Or),
    ("to", W::To),
    ("through", W::Through),
    ("until", W::Until),
    ("till", W::Until),
    ("from", W::From),
    ("between", W::Between),
    ("in", W::In),
    ("on", W::On),
    ("at", W::At),
    ("by", W::By),
    ("for", W::For),
    ("during", W::During),
    ("since", W::Since),
    ("every", W::Every),
    ("each", W::Every),
    ("per", W::Per),
    ("times", W::Times),
    ("once", W::Once),
    ("twice", W::Twice),
    ("today", W::Today),
    ("yesterday", W::Yesterday),
    ("tomorrow", W::Tomorrow),
    ("tonight", W::Tonight),
    ("overnight", W::Overnight),
    ("now", W::Now),
    ("few", W::Few),
    ("several", W::Several),
    ("couple", W::Couple),
    ("many", W::Many),
    ("recent", W::Recent),
    ("fiscal", W::Fiscal),
    ("full", W::Full),
    ("whole", W::Whole),
    ("entire", W::Entire),
    ("half", W::Half),
    ("a.m", W::Am),
    ("a.m.", W::Am),
    ("am", W::Am),
    ("p.m", W::Pm),
    ("p.m.", W::Pm),
    ("pm", W::Pm),
    ("local", W::Local),
    ("time", W::Time),
    ("ahead", W::Ahead),
    ("dozen", W::Dozen),
    ("hundred", W::Hundred),
    ("thousand", W::Thousand),
    ("other", W::Other),
    ("gmt", W::Zone),
    ("utc", W::Zone),
    ("est", W::Zone),
    ("edt", W::Zone),
    ("cst", W::Zone),
    ("cdt", W::Zone),
    ("mst", W::Zone),
    ("mdt", W::Zone),
    ("pst", W::Zone),
    ("pdt", W::Zone),
    ("bst", W::Zone),
    ("cet", W::Zone),
    ("cest", W::Zone),
    ("kst", W::Zone),
    ("jst", W::Zone),
    ("ist", W::Zone),
    ("sixties", W::Nineties),
    ("seventies", W::Nineties),
    ("eighties", W::Nineties),
    ("nineties", W::Nineties),
];

const REF_WORDS: &[(&str, RefWord)] = &[
    ("currently", RefWord::Present),
    ("nowadays", RefWord::Present),
    ("recently", RefWord::Past),
    ("lately", RefWord::Past),
    ("former", RefWord::Past),
    ("soon", RefWord::Future),
    ("future", RefWord::Future),
];

const SET_ADVERBS: &[(&str, Unit)] = &[
    ("hourly", Unit::Hour),
    ("daily", Unit::Day),
    ("weekly", Unit::Week),
    ("biweekly", Unit::Fortnight),
    ("fortnightly", Unit::Fortnight),
    ("monthly", Unit::Month),
    ("annually", Unit::Year),
    ("yearly", Unit::Year),
    ("annual", Unit::Year),
];

/// First words of holiday names (the full names are in [`super::holidays`]).
const HOLIDAY_STARTS: &[&str] = &[
    "christmas",
    "xmas",
    "easter",
    "thanksgiving",
    "halloween",
    "new",
    "earth",
    "independence",
    "labor",
    "labour",
    "memorial",
    "veterans",
    "lunar",
    "chinese",
    "valentine",
    "valentines",
    "mother",
    "mothers",
    "father",
    "fathers",
    "good",
    "ash",
    "boxing",
    "election",
    "martin",
    "presidents",
    "columbus",
    "armistice",
    "remembrance",
    "bastille",
    "st",
    "st.",
    "saint",
    "groundhog",
    "april",
    "palm",
    "victory",
    "v-e",
    "d-day",
    "hangul",
    "chuseok",
];

impl Lexicon {
    pub(super) fn new() -> Self {
        let mut words: WordMap<&'static str, Lex> = WordMap::default();
        for &(w, m) in MONTHS {
            words.insert(w, Lex::Month(m));
        }
        for &(w, d) in WEEKDAYS {
            words.insert(w, Lex::Weekday(d));
        }
        for (w, d) in [
            ("mondays", 1),
            ("tuesdays", 2),
            ("wednesdays", 3),
            ("thursdays", 4),
            ("fridays", 5),
            ("saturdays", 6),
            ("sundays", 7),
        ] {
            words.insert(w, Lex::Weekdays(d));
        }
        for &(w, n) in CARDINALS {
            words.insert(w, Lex::Card(n));
        }
        for &(w, n) in ORDINALS {
            words.insert(w, Lex::Ord(n));
        }
        for &(one, many, u) in UNITS {
            words.insert(one, Lex::Unit(u));
            words.insert(many, Lex::Units(u));
        }
        for &(one, many, p) in PARTS {
            words.insert(one, Lex::Part(p));
            words.insert(many, Lex::Parts(p));
        }
        for &(w, s) in SEASONS {
            words.insert(w, Lex::Season(s));
        }
        for &(w, f) in FUNCTION_WORDS {
            words.insert(w, Lex::W(f));
        }
        for &(w, r) in REF_WORDS {
            words.insert(w, Lex::Ref(r));
        }
        for &(w, u) in SET_ADVERBS {
            words.insert(w, Lex::SetAdv(u));
        }
        for &w in HOLIDAY_STARTS {
            words.entry(w).or_insert(Lex::Holiday);
        }
        Lexicon { words }
    }

    /// Looks `word` up case-insensitively, without allocating. A final dot is ignored
    /// ("Feb." = "feb") unless the word is dotted inside ("a.m.").
    pub(super) fn get(&self, word: &str) -> Option<Lex> {
        let bytes = word.as_bytes();
        if bytes.is_empty() || bytes.len() > MAX_WORD {
            return None;
        }
        let mut buf = [0u8; MAX_WORD];
        for (slot, b) in buf.iter_mut().zip(bytes) {
            *slot = b.to_ascii_lowercase();
        }
        let lower = std::str::from_utf8(&buf[..bytes.len()]).ok()?;
        if let Some(l) = self.words.get(lower) {
            return Some(*l);
        }
        let trimmed = lower.strip_suffix('.')?;
        self.words.get(trimmed).copied()
    }
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_case_insensitively_with_abbreviation_dots() {
        let lex = Lexicon::new();
        assert_eq!(lex.get("Feb."), Some(Lex::Month(2)));
        assert_eq!(lex.get("THURSDAY"), Some(Lex::Weekday(4)));
        assert_eq!(lex.get("p.m."), Some(Lex::W(W::Pm)));
        assert_eq!(lex.get("days"), Some(Lex::Units(Unit::Day)));
        assert_eq!(lex.get("Blinken"), None);
        assert_eq!(lex.get("an-extraordinarily-long-word"), None);
    }
}
